// When to try a delivery again, and when to give up. Pure: the random draw is passed in.
#pragma once
#include <cstdint>

#include "util/time.h"

namespace od {

struct RetryPolicy {
  Millis base_ms = 2'000;          // first retry after about this long
  Millis cap_ms = 15 * 60'000;     // never wait longer than this between attempts
  int max_attempts = 12;           // then the job is a dead letter
  Millis max_period_ms = 3 * kMsPerDay;  // or when it has been failing this long
};

// The delay before attempt `attempts + 1`, after `attempts` failed ones (>= 1):
// exponential, capped, with "equal jitter" (half fixed, half random; unit01 in [0,1)),
// and never shorter than what the department asked for (Retry-After).
Millis retry_delay(const RetryPolicy& p, int attempts, double unit01, Millis retry_after_ms);

// Whether a job that has failed `attempts` times and was written at `created_at`
// should become a dead letter at `now` instead of being retried at `next_at`.
bool give_up(const RetryPolicy& p, int attempts, Millis created_at, Millis next_at);

}  // namespace od
