#include "delivery/job_id.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdio>

#include "onedoor/onedoor.h"
#include "util/failure.h"

namespace od {

std::string format_job_id(int64_t counter, uint64_t random) {
  char id[48];
  std::snprintf(id, sizeof id, "job-%09lld-%016llx", static_cast<long long>(counter),
                static_cast<unsigned long long>(random));
  return id;
}

std::string new_job_id(int64_t counter) {
  uint64_t r = 0;
  auto* p = reinterpret_cast<unsigned char*>(&r);
  size_t got = 0;
  while (got < sizeof r) {
    ssize_t n = getrandom(p + got, sizeof r - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(OD_ERR_INTERNAL, "no random bytes for a job id");
    got += static_cast<size_t>(n);
  }
  return format_job_id(counter, r);
}

}  // namespace od
