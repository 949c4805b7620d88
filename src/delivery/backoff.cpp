#include "delivery/backoff.h"

#include <algorithm>

namespace od {

Millis retry_delay(const RetryPolicy& p, int attempts, double unit01, Millis retry_after_ms) {
  Millis exp = p.base_ms;
  for (int i = 1; i < attempts && exp < p.cap_ms; ++i) exp *= 2;
  exp = std::min(exp, p.cap_ms);
  Millis half = exp / 2;
  Millis delay = half + static_cast<Millis>(static_cast<double>(exp - half) * std::clamp(unit01, 0.0, 1.0));
  return std::max(delay, retry_after_ms);
}

bool give_up(const RetryPolicy& p, int attempts, Millis created_at, Millis next_at) {
  return attempts >= p.max_attempts || next_at - created_at > p.max_period_ms;
}

}  // namespace od
