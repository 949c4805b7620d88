// "exclusive": true (an opt-in): one engine writes a database file at a time. Such an
// engine clears delivery leases when it opens, so a second writing engine on the same
// file (in this process or another) would redeliver jobs in flight. An flock on "<real
// path>.lock" makes the second od_open fail instead: the exclusive engine holds it
// LOCK_EX, every shared writing engine (the default) LOCK_SH, so shared engines coexist
// and an exclusive one coexists with none. Read-only engines take no lock. The kernel
// releases it if the process dies.
#pragma once
#include <string>

namespace od {

class OwnerLock {
 public:
  OwnerLock(const std::string& database_path, bool exclusive);  // throws Failure(OD_ERR_STORAGE)
  ~OwnerLock();
  OwnerLock(const OwnerLock&) = delete;
  OwnerLock& operator=(const OwnerLock&) = delete;

 private:
  int fd_ = -1;
};

// Writers of one database file, in every process, take turns here before BEGIN
// IMMEDIATE and keep the turn until COMMIT or ROLLBACK: an open-file-description lock
// (F_OFD_SETLKW) on one byte of "<real path>.lock", which the kernel grants as soon as
// it is free. SQLite's own busy handler only polls (sleeping up to 100 ms between
// tries), so with several processes writing all the time one of them could starve
// for seconds (a delivery worker past its lease, a portal call past the busy timeout);
// queued in the kernel, each waits about as long as the transactions ahead of it. A
// process that dies loses its turn with its descriptors. (flock and fcntl locks are
// independent on Linux, so this byte and OwnerLock's flock do not meet.)
class WriteTurn {
 public:
  explicit WriteTurn(const std::string& database_path);  // throws Failure(OD_ERR_STORAGE)
  ~WriteTurn();
  WriteTurn(const WriteTurn&) = delete;
  WriteTurn& operator=(const WriteTurn&) = delete;

  // Holds the turn for its lifetime (one transaction).
  class Hold {
   public:
    explicit Hold(WriteTurn& t);
    ~Hold();
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    WriteTurn& t_;
  };

 private:
  int fd_ = -1;
};

}  // namespace od
