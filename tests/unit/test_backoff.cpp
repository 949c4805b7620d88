// delivery/backoff.h: exponential growth, cap, equal jitter, Retry-After floor, giving up.
#include <catch2/catch.hpp>

#include "delivery/backoff.h"

using namespace od;

TEST_CASE("backoff: exponential growth with equal jitter", "[backoff]") {
  RetryPolicy p;  // base 2 s, cap 15 min
  // unit01 = 0: half of the exponential step; unit01 -> 1: the whole step
  CHECK(retry_delay(p, 1, 0.0, 0) == 1'000);
  CHECK(retry_delay(p, 1, 1.0, 0) == 2'000);
  CHECK(retry_delay(p, 1, 0.5, 0) == 1'500);
  CHECK(retry_delay(p, 2, 0.0, 0) == 2'000);
  CHECK(retry_delay(p, 3, 0.0, 0) == 4'000);
  CHECK(retry_delay(p, 4, 0.0, 0) == 8'000);
  // growth: each attempt doubles the mid-point until the cap
  Millis prev = 0;
  for (int a = 1; a <= 9; ++a) {
    Millis d = retry_delay(p, a, 0.5, 0);
    INFO("attempt " << a);
    CHECK(d == (p.base_ms << (a - 1)) * 3 / 4);
    CHECK(d > prev);
    prev = d;
  }
}

TEST_CASE("backoff: the cap", "[backoff]") {
  RetryPolicy p;
  CHECK(retry_delay(p, 10, 1.0, 0) == p.cap_ms);   // 2 s * 512 = 1024 s > 900 s
  CHECK(retry_delay(p, 10, 0.0, 0) == p.cap_ms / 2);
  CHECK(retry_delay(p, 50, 1.0, 0) == p.cap_ms);
  CHECK(retry_delay(p, 1000, 0.999, 0) <= p.cap_ms);  // no overflow for absurd counts
  CHECK(retry_delay(p, 1000, 0.0, 0) == p.cap_ms / 2);
  RetryPolicy small;
  small.base_ms = 100;
  small.cap_ms = 250;
  CHECK(retry_delay(small, 1, 1.0, 0) == 100);
  CHECK(retry_delay(small, 2, 1.0, 0) == 200);
  CHECK(retry_delay(small, 3, 1.0, 0) == 250);
  CHECK(retry_delay(small, 3, 0.0, 0) == 125);
}

TEST_CASE("backoff: jitter stays within [step/2, step]", "[backoff]") {
  RetryPolicy p;
  for (int a = 1; a <= 14; ++a) {
    Millis step = std::min<Millis>(p.base_ms << std::min(a - 1, 20), p.cap_ms);
    for (int i = 0; i <= 100; ++i) {
      double u = i / 100.0;
      Millis d = retry_delay(p, a, u, 0);
      INFO("attempt " << a << " u " << u);
      CHECK(d >= step / 2);
      CHECK(d <= step);
    }
    // out-of-range draws are clamped
    CHECK(retry_delay(p, a, -3.0, 0) == step / 2);
    CHECK(retry_delay(p, a, 7.0, 0) == step);
  }
}

TEST_CASE("backoff: Retry-After is a floor", "[backoff]") {
  RetryPolicy p;
  CHECK(retry_delay(p, 1, 0.0, 60'000) == 60'000);
  CHECK(retry_delay(p, 1, 1.0, 60'000) == 60'000);
  CHECK(retry_delay(p, 12, 1.0, 3'600'000) == 3'600'000);  // even above the cap
  CHECK(retry_delay(p, 3, 0.0, 1'000) == 4'000);            // a shorter Retry-After changes nothing
  CHECK(retry_delay(p, 3, 0.0, 0) == 4'000);
}

TEST_CASE("backoff: give up by attempts and by period", "[backoff]") {
  RetryPolicy p;  // 12 attempts, 3 days
  CHECK_FALSE(give_up(p, 1, 0, 1'000));
  CHECK_FALSE(give_up(p, 11, 0, 1'000));
  CHECK(give_up(p, 12, 0, 1'000));
  CHECK(give_up(p, 13, 0, 1'000));
  Millis created = 1'780'000'000'000;
  CHECK_FALSE(give_up(p, 3, created, created + 3 * kMsPerDay));
  CHECK(give_up(p, 3, created, created + 3 * kMsPerDay + 1));
  CHECK(give_up(p, 3, created, created + 10 * kMsPerDay));
  RetryPolicy one;
  one.max_attempts = 1;
  CHECK(give_up(one, 1, created, created));
}
