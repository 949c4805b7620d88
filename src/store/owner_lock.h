// One engine owns a database file at a time. The engine clears delivery leases when it
// opens and runs its own delivery workers, so a second engine on the same file (in this
// process or another) would redeliver jobs in flight. An flock on "<database>.lock"
// makes the second od_open fail instead; the kernel releases it if the process dies.
#pragma once
#include <string>

namespace od {

class OwnerLock {
 public:
  explicit OwnerLock(const std::string& database_path);  // throws Failure(OD_ERR_STORAGE)
  ~OwnerLock();
  OwnerLock(const OwnerLock&) = delete;
  OwnerLock& operator=(const OwnerLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace od
