#include "store/wal_batching_vfs.h"

#include <sqlite3.h>

#include <cstdint>
#include <cstring>
#include <mutex>

namespace od {
namespace {

constexpr sqlite3_int64 kWalHeader = 32;    // the WAL file's own header
constexpr sqlite3_int64 kFrameHeader = 24;  // before each page
constexpr sqlite3_int64 kMaxHeld = 1 << 20;  // a big transaction goes out a megabyte at a time
// The unix VFS writes at most 128 KiB - 1 bytes per call (it masks the length with
// 0x1ffff, os_unix.c seekAndWriteFd): held bytes go out in pieces no longer than that.
constexpr sqlite3_int64 kMaxWrite = 0x1ffff;

sqlite3_vfs* g_base = nullptr;  // the platform's default VFS
sqlite3_vfs g_vfs;

// A file this VFS opened: the default VFS's file (in the same allocation, after this
// struct) and, for a WAL file, the contiguous run of bytes written to it but not yet
// handed to it. A main database file and the WAL file of the same connection know each
// other: the wal-index (the main file's shared memory) changes hands only after the WAL's
// held bytes are written (shm_lock, shm_barrier).
struct BatchFile {
  sqlite3_file base;  // base.pMethods = &kWalMethods or &kMainMethods: must come first
  sqlite3_file* real;
  BatchFile* wal;   // a main database file: its connection's WAL file, while that is open
  BatchFile* main;  // a WAL file: its connection's main database file
  bool shm_mapped;  // a main database file: its wal-index is in shared memory (see batch_write)
  char* held;
  sqlite3_int64 cap;
  sqlite3_int64 len;
  sqlite3_int64 start;       // file offset of held[0]
  sqlite3_int64 page_size;   // 0: not known yet; -1: unknowable, write through
  sqlite3_int64 commit_end;  // > 0: write out once the held bytes reach this offset
};
constexpr size_t kBatchFileSize = (sizeof(BatchFile) + 15) & ~size_t{15};

BatchFile* of(sqlite3_file* f) { return reinterpret_cast<BatchFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return of(f)->real; }

uint32_t big_endian32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// The WAL header's page size field (a 64 KiB page is written as 65536; 1 is accepted too).
sqlite3_int64 page_size_of(const unsigned char* wal_header) {
  uint32_t v = big_endian32(wal_header + 8);
  if (v == 1) return 65536;
  return (v >= 512 && v <= 65536 && (v & (v - 1)) == 0) ? v : -1;
}

int write_out(BatchFile* f) {
  int rc = SQLITE_OK;
  for (sqlite3_int64 done = 0; done < f->len && rc == SQLITE_OK; done += kMaxWrite) {
    const sqlite3_int64 n = f->len - done < kMaxWrite ? f->len - done : kMaxWrite;
    rc = f->real->pMethods->xWrite(f->real, f->held + done, static_cast<int>(n), f->start + done);
  }
  // after a failure the held frames are dropped: SQLite rolls the transaction back and
  // never reads frames past the last commit it made. Written out early (the held megabyte
  // is full), the commit frame's end is still awaited: the rest of it is held and goes
  // out as soon as it is complete.
  const sqlite3_int64 end = f->start + f->len;
  f->len = 0;
  if (rc != SQLITE_OK || f->commit_end <= end) f->commit_end = 0;
  return rc;
}

// The held bytes of the main file's WAL, written before the wal-index may change hands.
// A commit is published by a barrier between the wal-index header's two copies, and a
// write transaction ends by unlocking: frames of a transaction that spilled pages and
// then rolled back, or a commit frame's header rewritten in place (walRewriteChecksums),
// can be held then, and must reach the file while this connection still holds the write
// lock and before any reader can be told of them. Writing early is always safe.
int write_out_wal_of(BatchFile* main) {
  return main->wal && main->wal->len ? write_out(main->wal) : SQLITE_OK;
}

// Frames the WAL already had when this handle first appends: their page size comes from
// the header on disk.
void learn_page_size(BatchFile* f) {
  unsigned char h[kWalHeader];
  if (f->real->pMethods->xRead(f->real, h, sizeof h, 0) == SQLITE_OK) f->page_size = page_size_of(h);
  else f->page_size = -1;
}

// A commit frame is one whose header carries the database's size in pages (nonzero).
void note_commit_frames(BatchFile* f, const unsigned char* data, sqlite3_int64 amt, sqlite3_int64 off) {
  const sqlite3_int64 frame = kFrameHeader + f->page_size;
  sqlite3_int64 s = off < kWalHeader ? kWalHeader : off;
  const sqlite3_int64 rem = (s - kWalHeader) % frame;
  if (rem) s += frame - rem;
  for (; s + 8 <= off + amt; s += frame)
    if (big_endian32(data + (s - off) + 4) != 0 && s + frame > f->commit_end) f->commit_end = s + frame;
}

int batch_write(sqlite3_file* pf, const void* data, int amt, sqlite3_int64 off) {
  BatchFile* f = of(pf);
  const auto* bytes = static_cast<const unsigned char*>(data);
  if (off == 0 && amt >= 12) f->page_size = page_size_of(bytes);
  else if (f->page_size == 0) learn_page_size(f);
  int rc;
  if (f->len && off != f->start + f->len && (rc = write_out(f)) != SQLITE_OK) return rc;
  if (f->len + amt > kMaxHeld && (rc = write_out(f)) != SQLITE_OK) return rc;
  // Held bytes rely on the main file's barrier and locks to be written in time; with
  // locking_mode=EXCLUSIVE set before the WAL opened, SQLite keeps the wal-index in heap
  // memory and calls neither, so such a connection (or one whose main file is not ours)
  // writes through, as the default VFS does.
  if (f->page_size <= 0 || amt > kMaxHeld || !f->main || !f->main->shm_mapped)
    return f->real->pMethods->xWrite(f->real, data, amt, off);
  if (f->len + amt > f->cap) {
    sqlite3_int64 cap = f->cap ? f->cap : 64 * 1024;
    while (cap < f->len + amt) cap *= 2;
    void* p = sqlite3_realloc64(f->held, static_cast<sqlite3_uint64>(cap));
    if (!p) {
      if ((rc = write_out(f)) != SQLITE_OK) return rc;
      return f->real->pMethods->xWrite(f->real, data, amt, off);
    }
    f->held = static_cast<char*>(p);
    f->cap = cap;
  }
  if (f->len == 0) f->start = off;
  std::memcpy(f->held + f->len, data, static_cast<size_t>(amt));
  f->len += amt;
  note_commit_frames(f, bytes, amt, off);
  if (f->commit_end && f->start + f->len >= f->commit_end) return write_out(f);
  return SQLITE_OK;
}

int batch_close(sqlite3_file* pf) {
  BatchFile* f = of(pf);
  int rc = write_out(f);
  if (f->main) f->main->wal = nullptr;
  int rc2 = f->real->pMethods->xClose(f->real);
  sqlite3_free(f->held);
  f->held = nullptr;
  return rc != SQLITE_OK ? rc : rc2;
}

// Held bytes that could not be written are gone, though SQLite thinks them written: the
// transaction must not go on. A failed read or size query alone does not end it (a full
// disk, with a statement journal, rolls back only the statement, and a later COMMIT
// published the frames that were lost: found in review, round 9); an I/O error does.
int lost_writes(int rc) { return rc == SQLITE_OK ? rc : SQLITE_IOERR_WRITE; }

// Anything that could look at the file sees every byte SQLite wrote first.
template <class... P, class... A>
int written_then(sqlite3_file* pf, int (*sqlite3_io_methods::*method)(sqlite3_file*, P...), A... args) {
  int rc = lost_writes(write_out(of(pf)));
  return rc != SQLITE_OK ? rc : (real(pf)->pMethods->*method)(real(pf), args...);
}
int batch_read(sqlite3_file* pf, void* out, int amt, sqlite3_int64 off) {
  return written_then(pf, &sqlite3_io_methods::xRead, out, amt, off);
}
int batch_truncate(sqlite3_file* pf, sqlite3_int64 size) {
  return written_then(pf, &sqlite3_io_methods::xTruncate, size);
}
int batch_sync(sqlite3_file* pf, int flags) { return written_then(pf, &sqlite3_io_methods::xSync, flags); }
int batch_file_size(sqlite3_file* pf, sqlite3_int64* size) {
  return written_then(pf, &sqlite3_io_methods::xFileSize, size);
}
int batch_file_control(sqlite3_file* pf, int op, void* arg) {
  return written_then(pf, &sqlite3_io_methods::xFileControl, op, arg);
}

// The rest as the default VFS does it.
int batch_lock(sqlite3_file* pf, int lock) { return real(pf)->pMethods->xLock(real(pf), lock); }
int batch_unlock(sqlite3_file* pf, int lock) { return real(pf)->pMethods->xUnlock(real(pf), lock); }
int batch_check_reserved(sqlite3_file* pf, int* out) {
  return real(pf)->pMethods->xCheckReservedLock(real(pf), out);
}
int batch_sector_size(sqlite3_file* pf) { return real(pf)->pMethods->xSectorSize(real(pf)); }
int batch_device_characteristics(sqlite3_file* pf) {
  return real(pf)->pMethods->xDeviceCharacteristics(real(pf));
}
int batch_shm_map(sqlite3_file* pf, int region, int size, int extend, void volatile** pp) {
  of(pf)->shm_mapped = true;
  return real(pf)->pMethods->xShmMap(real(pf), region, size, extend, pp);
}
int batch_shm_lock(sqlite3_file* pf, int offset, int n, int flags) {
  int rc = lost_writes(write_out_wal_of(of(pf)));
  return rc != SQLITE_OK && (flags & SQLITE_SHM_UNLOCK) == 0 ? rc
                                                            : real(pf)->pMethods->xShmLock(real(pf), offset, n, flags);
}
void batch_shm_barrier(sqlite3_file* pf) {
  write_out_wal_of(of(pf));  // a failure: the commit's own write or sync reports it
  real(pf)->pMethods->xShmBarrier(real(pf));
}
int batch_shm_unmap(sqlite3_file* pf, int del) { return real(pf)->pMethods->xShmUnmap(real(pf), del); }
int batch_fetch(sqlite3_file* pf, sqlite3_int64 off, int amt, void** pp) {
  *pp = nullptr;  // never mapped: every read goes through batch_read
  (void)off;
  (void)amt;
  return SQLITE_OK;
}
int batch_unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

const sqlite3_io_methods kWalMethods = {
    3,
    batch_close,
    batch_read,
    batch_write,
    batch_truncate,
    batch_sync,
    batch_file_size,
    batch_lock,
    batch_unlock,
    batch_check_reserved,
    batch_file_control,
    batch_sector_size,
    batch_device_characteristics,
    batch_shm_map,
    batch_shm_lock,
    batch_shm_barrier,
    batch_shm_unmap,
    batch_fetch,
    batch_unfetch,
};

// A main database file: the default VFS's, but for the wal-index's locks and barrier.
int main_close(sqlite3_file* pf) {
  BatchFile* f = of(pf);
  if (f->wal) f->wal->main = nullptr;
  return real(pf)->pMethods->xClose(real(pf));
}
int main_read(sqlite3_file* pf, void* out, int amt, sqlite3_int64 off) {
  return real(pf)->pMethods->xRead(real(pf), out, amt, off);
}
int main_write(sqlite3_file* pf, const void* data, int amt, sqlite3_int64 off) {
  return real(pf)->pMethods->xWrite(real(pf), data, amt, off);
}
int main_truncate(sqlite3_file* pf, sqlite3_int64 size) { return real(pf)->pMethods->xTruncate(real(pf), size); }
int main_sync(sqlite3_file* pf, int flags) { return real(pf)->pMethods->xSync(real(pf), flags); }
int main_file_size(sqlite3_file* pf, sqlite3_int64* size) { return real(pf)->pMethods->xFileSize(real(pf), size); }
int main_file_control(sqlite3_file* pf, int op, void* arg) {
  return real(pf)->pMethods->xFileControl(real(pf), op, arg);
}
int main_fetch(sqlite3_file* pf, sqlite3_int64 off, int amt, void** pp) {
  return real(pf)->pMethods->xFetch(real(pf), off, amt, pp);
}
int main_unfetch(sqlite3_file* pf, sqlite3_int64 off, void* p) {
  return real(pf)->pMethods->xUnfetch(real(pf), off, p);
}

const sqlite3_io_methods kMainMethods = {
    3,
    main_close,
    main_read,
    main_write,
    main_truncate,
    main_sync,
    main_file_size,
    batch_lock,
    batch_unlock,
    batch_check_reserved,
    main_file_control,
    batch_sector_size,
    batch_device_characteristics,
    batch_shm_map,
    batch_shm_lock,
    batch_shm_barrier,
    batch_shm_unmap,
    main_fetch,
    main_unfetch,
};

int batch_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* pf, int flags, int* out_flags) {
  const bool wal = flags & SQLITE_OPEN_WAL, main = flags & SQLITE_OPEN_MAIN_DB;
  if (!wal && !main) return g_base->xOpen(g_base, name, pf, flags, out_flags);
  BatchFile* f = of(pf);
  std::memset(f, 0, sizeof *f);
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(pf) + kBatchFileSize);
  int rc = g_base->xOpen(g_base, name, f->real, flags, out_flags);
  const sqlite3_io_methods* methods = wal ? &kWalMethods : &kMainMethods;
  // the shared-memory methods are the default VFS's own (version 2 and later)
  if (rc == SQLITE_OK && f->real->pMethods->iVersion < 3) {
    f->real->pMethods->xClose(f->real);
    return SQLITE_CANTOPEN;
  }
  if (rc == SQLITE_OK && wal) {
    sqlite3_file* m = sqlite3_database_file_object(name);
    if (m && m->pMethods == &kMainMethods) {
      f->main = of(m);
      f->main->wal = f;
    }
  }
  // SQLite calls xClose after a failed xOpen only if pMethods was set: mirror the real file
  pf->pMethods = f->real->pMethods ? methods : nullptr;
  return rc;
}

}  // namespace

const char* wal_batching_vfs() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_base = sqlite3_vfs_find(nullptr);
    g_vfs = *g_base;
    g_vfs.pNext = nullptr;
    g_vfs.zName = "onedoor-wal-batching";
    g_vfs.szOsFile = static_cast<int>(kBatchFileSize) + g_base->szOsFile;
    g_vfs.xOpen = batch_open;
    sqlite3_vfs_register(&g_vfs, 0);
  });
  return g_vfs.zName;
}

}  // namespace od
