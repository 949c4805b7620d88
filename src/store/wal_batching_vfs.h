// A SQLite VFS that writes each commit's WAL frames with one write() instead of two per
// page. Everything else is the platform's default VFS, unchanged.
//
// Why: SQLite writes a WAL frame as two calls (its 24-byte header, then the page); an
// intake dirties about 27 pages, so a commit made 56 write system calls before its fsync.
// On the virtual machines districts run on, a system call costs microseconds: the calls
// took 85 us per commit against 6 us for one write of the same bytes (measured here, a
// commit of 28 frames; bench/ and docs/design-notes.md, round 8).
//
// How: a WAL file's contiguous appends are held in memory and written out together when
// the commit frame (the frame whose header carries the database size) is complete, and
// before anything that could observe the file: a read, a sync, a truncate, a size query,
// a file control, a close, a write elsewhere in the file; and before the wal-index changes
// hands (the main database file's shared-memory barrier, which publishes a commit, and
// its locks, whose release ends a write transaction). So no reader, in this process or
// another, ever finds a frame that is still in memory, and nothing held outlives the
// write lock (pages a rolled-back transaction spilled, a header SQLite rewrote in place);
// a write error comes back from the commit frame's write, and SQLite rolls the transaction
// back as it would for any failed write. Main database files are wrapped only for that;
// other files (journals, temporary files) are not wrapped at all.
#pragma once

namespace od {

// The VFS's name, registered (not as the default) on first use; thread-safe.
const char* wal_batching_vfs();

}  // namespace od
