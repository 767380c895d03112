// The embedded SQLite backend: one file per service, WAL journal (readers
// never block the writer), synchronous=FULL by default (an acknowledged
// commit survives a power cut), a busy timeout instead of instant SQLITE_BUSY,
// foreign keys on, deleted content overwritten (secure_delete, for erasure),
// and a small pool of connections with cached statements.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/sql/database.h"

namespace nanoinfluence::sql {

struct SqliteOptions {
  // Database file; created with its folder's permission when missing.
  // ":memory:" is refused: the pool's connections would not share it.
  std::string path;
  // Connections in the pool: readers run in parallel, writers queue on the
  // write lock.
  int pool_size = 4;
  // How long a statement waits for another connection's lock before the
  // call answers UNAVAILABLE.
  absl::Duration busy_timeout = absl::Seconds(5);
  // "FULL" (default: durable at commit) or "NORMAL" (durable at checkpoint;
  // a power cut may lose the last commits, never corrupt the file).
  std::string synchronous = "FULL";
  // Frames (pages) in the write-ahead log past which the next write turn
  // first copies the rest of the log into the database, so that the log is
  // written from its start again: under writes that never pause SQLite
  // would otherwise never restart it, and it would grow without bound.
  // 16,384 frames of 4 KiB pages: 64 MiB.
  int log_restart_frames = 16'384;
};

absl::StatusOr<std::unique_ptr<Database>> OpenSqlite(
    const SqliteOptions& options);

}  // namespace nanoinfluence::sql
