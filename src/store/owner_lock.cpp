#include "store/owner_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/failure.h"

namespace od {

OwnerLock::OwnerLock(const std::string& database_path) {
  std::string path = database_path + ".lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    fail(OD_ERR_STORAGE, "cannot create lock file '" + path + "': " + std::strerror(errno), "database");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK)
      fail(OD_ERR_STORAGE, "database '" + database_path + "' is already open in another onedoor engine", "database");
    fail(OD_ERR_STORAGE, "cannot lock '" + path + "': " + std::strerror(err), "database");
  }
}

OwnerLock::~OwnerLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace od
