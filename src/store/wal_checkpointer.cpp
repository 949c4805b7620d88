#include "store/wal_checkpointer.h"

#include "store/wal_batching_vfs.h"

namespace od {

WalCheckpointer::WalCheckpointer(const std::string& path, sqlite3* writer) : path_(path), writer_(writer) {
  sqlite3_wal_hook(writer_, &WalCheckpointer::on_commit, this);  // replaces the automatic checkpoint
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
  sqlite3_wal_hook(writer_, nullptr, nullptr);
  {
    std::lock_guard<std::mutex> lk(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

// After each commit, on the writer's thread, with the write lock already given up.
int WalCheckpointer::on_commit(void* self, sqlite3* db, const char* schema, int pages) {
  auto* c = static_cast<WalCheckpointer*>(self);
  if (pages < c->last_) c->next_ = kBackgroundPages;  // the WAL started again from its beginning
  c->last_ = pages;
  if (pages >= kInlinePages) {
    // the thread fell behind (or could not open its connection): copy what is left here,
    // so that the next write can start the WAL again. A checkpoint the thread is running
    // holds SQLite's checkpoint lock, and a second one would return at once having done
    // nothing: wait for the thread's to end first (the test's tight write loop took the
    // WAL to 25 MB otherwise).
    {
      std::unique_lock<std::mutex> lk(c->mu_);
      c->idle_.wait(lk, [c] { return !c->running_; });
    }
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    ++c->inline_;
    c->next_ = kBackgroundPages;
  } else if (pages >= c->next_) {
    c->next_ = pages + kBackgroundPages;
    {
      std::lock_guard<std::mutex> lk(c->mu_);
      c->wanted_ = true;
    }
    c->cv_.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::run() {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, wal_batching_vfs()) !=
      SQLITE_OK) {
    sqlite3_close(db);  // the writer's inline checkpoints keep the WAL bounded
    return;
  }
  // A connection finds out that the database is in WAL mode, and opens the WAL, only when
  // it first reads: until then a checkpoint on it returns SQLITE_OK having copied nothing
  // (found in review: the thread ran and the database file never grew).
  sqlite3_exec(db, "SELECT 1 FROM sqlite_schema LIMIT 1", nullptr, nullptr, nullptr);
  std::unique_lock<std::mutex> lk(mu_);
  for (;;) {
    cv_.wait(lk, [this] { return wanted_ || stop_; });
    if (stop_) break;
    wanted_ = false;
    running_ = true;
    lk.unlock();
    // PASSIVE: copies every frame no reader still needs, waits for no one; SQLITE_BUSY
    // (another process's checkpoint is running) is as good as done
    int log = 0, copied = 0;
    if (sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &copied) == SQLITE_OK && copied > 0)
      ++background_;
    lk.lock();
    running_ = false;
    idle_.notify_all();
  }
  lk.unlock();
  sqlite3_close(db);
}

}  // namespace od
