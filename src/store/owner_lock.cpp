#include "store/owner_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "util/failure.h"

namespace od {

OwnerLock::OwnerLock(const std::string& database_path) {
  // the lock belongs to the file, not to the name it was opened by: a symlink or a
  // relative path to the same database finds the same lock
  std::string path = database_path + ".lock";
  if (char* real = ::realpath(database_path.c_str(), nullptr)) {
    path = std::string(real) + ".lock";
    std::free(real);
  }
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
