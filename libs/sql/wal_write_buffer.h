// A SQLite VFS that writes a commit's write-ahead log frames to the file
// in writes of up to 128 KiB, at the commit's sync, instead of two calls a
// page (the frame's header, then the page). A write turn of a few
// submissions changes about a hundred pages, and those calls were two
// thirds of the commit's CPU time, all of it inside the turn that every
// writer waits for (docs/architecture.md, "The SQL layer").
//
// It is the default VFS but for the log file of a connection opened with
// it: contiguous writes gather in memory and reach the file before the
// file is synced, read, truncated, sized, controlled or closed, or when
// they fill the largest write the default VFS makes (128 KiB). Only for
// synchronous=FULL: a commit then always syncs its log before other
// connections can see it, so none reads a frame that is still in memory.
// Under NORMAL a commit is not synced, and the database must be opened
// without it.
#pragma once

namespace nanoinfluence::sql {

// Registers the VFS on first use (not as the default) and returns its name,
// for sqlite3_open_v2. Null when the default VFS could not be found.
const char* WalWriteBufferVfs();

}  // namespace nanoinfluence::sql
