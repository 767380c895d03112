#include "libs/sql/wal_write_buffer.h"

#include <sqlite3.h>

#include <string>

namespace nanoinfluence::sql {
namespace {

constexpr char kVfsName[] = "nano-wal-write-buffer";
// The most one write may carry: the unix VFS writes at most 128 KiB - 1
// bytes a call (it masks the length), about 30 frames of 4 KiB pages.
constexpr size_t kMaxWriteBytes = 0x1ffff;

sqlite3_vfs* RealVfs() { return sqlite3_vfs_find(nullptr); }

// The default VFS that one of ours wraps.
sqlite3_vfs* Inner(sqlite3_vfs* vfs) {
  return static_cast<sqlite3_vfs*>(vfs->pAppData);
}

// A log file: SQLite sees `base`; `real` is the default VFS's file, in the
// same allocation, right after this struct.
struct LogFile {
  sqlite3_file base;
  sqlite3_file* real;
  std::string* pending;  // bytes not yet written, from `pending_offset`
  sqlite3_int64 pending_offset;
  bool buffering;
};

LogFile* Log(sqlite3_file* file) { return reinterpret_cast<LogFile*>(file); }
const sqlite3_io_methods* Real(LogFile* log) { return log->real->pMethods; }

int Flush(LogFile* log) {
  if (log->pending->empty()) return SQLITE_OK;
  const int rc = Real(log)->xWrite(log->real, log->pending->data(),
                                   static_cast<int>(log->pending->size()),
                                   log->pending_offset);
  // A failed write loses the bytes as a failed xWrite would: SQLite fails
  // the transaction and writes its frames again.
  log->pending->clear();
  return rc;
}

int Close(sqlite3_file* file) {
  LogFile* log = Log(file);
  const int flushed = Flush(log);
  const int rc = Real(log)->xClose(log->real);
  delete log->pending;
  return flushed != SQLITE_OK ? flushed : rc;
}

int Read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  LogFile* log = Log(file);
  if (const int rc = Flush(log); rc != SQLITE_OK) return rc;
  return Real(log)->xRead(log->real, out, amount, offset);
}

int Write(sqlite3_file* file, const void* data, int amount,
          sqlite3_int64 offset) {
  LogFile* log = Log(file);
  if (!log->buffering) {
    return Real(log)->xWrite(log->real, data, amount, offset);
  }
  std::string& pending = *log->pending;
  // Only writes that continue the gathered bytes join them; a frame
  // written again after a rollback to a savepoint, or the log's header
  // when it restarts, sends what was gathered first.
  const bool continues =
      offset ==
      log->pending_offset + static_cast<sqlite3_int64>(pending.size());
  if (!pending.empty() &&
      (!continues || pending.size() + amount > kMaxWriteBytes)) {
    if (const int rc = Flush(log); rc != SQLITE_OK) return rc;
  }
  if (static_cast<size_t>(amount) > kMaxWriteBytes) {
    return Real(log)->xWrite(log->real, data, amount, offset);
  }
  if (pending.empty()) log->pending_offset = offset;
  pending.append(static_cast<const char*>(data), amount);
  return SQLITE_OK;
}

int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  LogFile* log = Log(file);
  if (const int rc = Flush(log); rc != SQLITE_OK) return rc;
  return Real(log)->xTruncate(log->real, size);
}

int Sync(sqlite3_file* file, int flags) {
  LogFile* log = Log(file);
  if (const int rc = Flush(log); rc != SQLITE_OK) return rc;
  return Real(log)->xSync(log->real, flags);
}

int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  LogFile* log = Log(file);
  if (const int rc = Flush(log); rc != SQLITE_OK) return rc;
  return Real(log)->xFileSize(log->real, size);
}

int Lock(sqlite3_file* file, int level) {
  return Real(Log(file))->xLock(Log(file)->real, level);
}

int Unlock(sqlite3_file* file, int level) {
  return Real(Log(file))->xUnlock(Log(file)->real, level);
}

int CheckReservedLock(sqlite3_file* file, int* out) {
  return Real(Log(file))->xCheckReservedLock(Log(file)->real, out);
}

int FileControl(sqlite3_file* file, int op, void* arg) {
  LogFile* log = Log(file);
  // A size hint may write to the file: the gathered bytes go first.
  if (const int rc = Flush(log); rc != SQLITE_OK) return rc;
  return Real(log)->xFileControl(log->real, op, arg);
}

int SectorSize(sqlite3_file* file) {
  return Real(Log(file))->xSectorSize(Log(file)->real);
}

int DeviceCharacteristics(sqlite3_file* file) {
  return Real(Log(file))->xDeviceCharacteristics(Log(file)->real);
}

int ShmMap(sqlite3_file* file, int page, int page_size, int extend,
           void volatile** out) {
  return Real(Log(file))->xShmMap(Log(file)->real, page, page_size, extend,
                                  out);
}

int ShmLock(sqlite3_file* file, int offset, int n, int flags) {
  return Real(Log(file))->xShmLock(Log(file)->real, offset, n, flags);
}

void ShmBarrier(sqlite3_file* file) {
  Real(Log(file))->xShmBarrier(Log(file)->real);
}

int ShmUnmap(sqlite3_file* file, int delete_flag) {
  return Real(Log(file))->xShmUnmap(Log(file)->real, delete_flag);
}

int Fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  LogFile* log = Log(file);
  if (const int rc = Flush(log); rc != SQLITE_OK) return rc;
  return Real(log)->xFetch(log->real, offset, amount, out);
}

int Unfetch(sqlite3_file* file, sqlite3_int64 offset, void* p) {
  return Real(Log(file))->xUnfetch(Log(file)->real, offset, p);
}

const sqlite3_io_methods kLogMethods = {3,
                                        Close,
                                        Read,
                                        Write,
                                        Truncate,
                                        Sync,
                                        FileSize,
                                        Lock,
                                        Unlock,
                                        CheckReservedLock,
                                        FileControl,
                                        SectorSize,
                                        DeviceCharacteristics,
                                        ShmMap,
                                        ShmLock,
                                        ShmBarrier,
                                        ShmUnmap,
                                        Fetch,
                                        Unfetch};

int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags,
         int* out_flags) {
  sqlite3_vfs* real_vfs = Inner(vfs);
  if ((flags & SQLITE_OPEN_WAL) == 0) {
    return real_vfs->xOpen(real_vfs, name, file, flags, out_flags);
  }
  LogFile* log = Log(file);
  log->base.pMethods = nullptr;  // SQLite closes nothing if the open fails
  log->real = reinterpret_cast<sqlite3_file*>(log + 1);
  const int rc = real_vfs->xOpen(real_vfs, name, log->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  if (Real(log)->iVersion < 3) {  // not the unix VFS this was written for
    Real(log)->xClose(log->real);
    return real_vfs->xOpen(real_vfs, name, file, flags, out_flags);
  }
  log->pending = new std::string();
  log->pending_offset = 0;
  // Without power-safe overwrites SQLite pads a commit to a sector and
  // writes part of it after the sync: those bytes must not wait here.
  log->buffering = (Real(log)->xDeviceCharacteristics(log->real) &
                    SQLITE_IOCAP_POWERSAFE_OVERWRITE) != 0;
  log->base.pMethods = &kLogMethods;
  return SQLITE_OK;
}

sqlite3_vfs* RegisterVfs() {
  sqlite3_vfs* real = RealVfs();
  if (real == nullptr) return nullptr;
  auto* vfs = new sqlite3_vfs(*real);
  vfs->pNext = nullptr;
  vfs->zName = kVfsName;
  vfs->pAppData = real;
  vfs->szOsFile = static_cast<int>(sizeof(LogFile)) + real->szOsFile;
  vfs->xOpen = Open;
  // The default VFS's methods are called with it, whose pAppData they may
  // read (its xOpen does).
  vfs->xDelete = [](sqlite3_vfs* v, const char* name, int sync_dir) {
    sqlite3_vfs* r = Inner(v);
    return r->xDelete(r, name, sync_dir);
  };
  vfs->xAccess = [](sqlite3_vfs* v, const char* name, int flags, int* out) {
    sqlite3_vfs* r = Inner(v);
    return r->xAccess(r, name, flags, out);
  };
  vfs->xFullPathname = [](sqlite3_vfs* v, const char* name, int size,
                          char* out) {
    sqlite3_vfs* r = Inner(v);
    return r->xFullPathname(r, name, size, out);
  };
  vfs->xRandomness = [](sqlite3_vfs* v, int size, char* out) {
    sqlite3_vfs* r = Inner(v);
    return r->xRandomness(r, size, out);
  };
  vfs->xSleep = [](sqlite3_vfs* v, int micros) {
    sqlite3_vfs* r = Inner(v);
    return r->xSleep(r, micros);
  };
  vfs->xCurrentTime = [](sqlite3_vfs* v, double* out) {
    sqlite3_vfs* r = Inner(v);
    return r->xCurrentTime(r, out);
  };
  vfs->xGetLastError = [](sqlite3_vfs* v, int size, char* out) {
    sqlite3_vfs* r = Inner(v);
    return r->xGetLastError(r, size, out);
  };
  vfs->xCurrentTimeInt64 = [](sqlite3_vfs* v, sqlite3_int64* out) {
    sqlite3_vfs* r = Inner(v);
    return r->xCurrentTimeInt64(r, out);
  };
  if (sqlite3_vfs_register(vfs, /*makeDflt=*/0) != SQLITE_OK) {
    delete vfs;
    return nullptr;
  }
  return vfs;
}

}  // namespace

const char* WalWriteBufferVfs() {
  static sqlite3_vfs* const vfs = RegisterVfs();
  return vfs == nullptr ? nullptr : vfs->zName;
}

}  // namespace nanoinfluence::sql
