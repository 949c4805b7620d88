// Copies a SQLite database's WAL back into the database file on a thread of its own, so
// that a commit does not do it on the write path.
//
// Why: with SQLite's automatic checkpoint, the commit that takes the WAL past 1,000 pages
// copies them into the database file there and then: it reads each frame, writes each
// page and syncs the file before its caller (and, with group commit, every caller of the
// group) returns. Per intake that was about six reads, six writes and a share of two
// extra syncs (strace), on the path every window's call waits for.
//
// How: the writer connection's WAL hook (which replaces the automatic checkpoint) wakes
// this thread every 1,000 pages appended; the thread runs a PASSIVE checkpoint on its own
// connection, which copies what no reader still needs and never blocks writers or
// readers. The WAL restarts from its beginning when a writer begins after a checkpoint
// that caught up; should the thread fall behind so far that the WAL reaches 4,000 pages,
// the committing writer checkpoints itself, as SQLite would have, so the file stays
// bounded. Closing the engine's last connection checkpoints whatever is left (SQLite).
#pragma once
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace od {

class WalCheckpointer {
 public:
  static constexpr int kBackgroundPages = 1000;  // SQLite's own automatic threshold
  static constexpr int kInlinePages = 4000;      // the WAL's bound (about 16 MB at 4 KiB pages)

  // Installs the WAL hook on `writer` (a connection to `path`, used by one thread at a
  // time) and starts the thread. Both must outlive this object.
  WalCheckpointer(const std::string& path, sqlite3* writer);
  ~WalCheckpointer();  // removes the hook, stops the thread
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Checkpoints that copied frames, on the thread; checkpoints run by a committing writer
  // (for tests).
  uint64_t background_runs() const { return background_.load(); }
  uint64_t inline_runs() const { return inline_.load(); }

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
  void run();

  const std::string path_;
  sqlite3* const writer_;
  int next_ = kBackgroundPages;  // the WAL size that wakes the thread next (the writer's thread only)
  int last_ = 0;                 // the WAL size at the last commit (the writer's thread only)
  std::mutex mu_;
  std::condition_variable cv_;    // wakes the thread
  std::condition_variable idle_;  // the thread's checkpoint ended
  bool running_ = false;          // the thread is checkpointing
  bool wanted_ = false;
  bool stop_ = false;
  std::atomic<uint64_t> background_{0}, inline_{0};
  std::thread thread_;
};

}  // namespace od
