#include "store/owner_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "util/failure.h"

namespace od {

namespace {

// The lock belongs to the file, not to the name it was opened by: a symlink or a
// relative path to the same database finds the same lock.
int open_lock_file(const std::string& database_path, std::string& path) {
  path = database_path + ".lock";
  if (char* real = ::realpath(database_path.c_str(), nullptr)) {
    path = std::string(real) + ".lock";
    std::free(real);
  }
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) fail(OD_ERR_STORAGE, "cannot create lock file '" + path + "': " + std::strerror(errno), "database");
  return fd;
}

int turn_lock(int fd, short type) {
  struct flock fl {};
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 1;
  int rc;
  while ((rc = ::fcntl(fd, F_OFD_SETLKW, &fl)) != 0 && errno == EINTR) {
  }
  return rc;
}

}  // namespace

OwnerLock::OwnerLock(const std::string& database_path, bool exclusive) {
  std::string path;
  fd_ = open_lock_file(database_path, path);
  if (::flock(fd_, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK && exclusive)
      fail(OD_ERR_STORAGE, "database '" + database_path + "' is already open in another onedoor engine", "database");
    if (err == EWOULDBLOCK)
      fail(OD_ERR_STORAGE, "database '" + database_path + "' is already open exclusively in another onedoor engine",
           "database");
    fail(OD_ERR_STORAGE, "cannot lock '" + path + "': " + std::strerror(err), "database");
  }
}

OwnerLock::~OwnerLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

WriteTurn::WriteTurn(const std::string& database_path) {
  std::string path;
  fd_ = open_lock_file(database_path, path);
}

WriteTurn::~WriteTurn() {
  if (fd_ >= 0) ::close(fd_);
}

WriteTurn::Hold::Hold(WriteTurn& t) : t_(t) {
  if (turn_lock(t_.fd_, F_WRLCK) != 0)
    fail(OD_ERR_STORAGE, std::string("cannot wait for the write turn: ") + std::strerror(errno), "database");
}

WriteTurn::Hold::~Hold() { turn_lock(t_.fd_, F_UNLCK); }

}  // namespace od
