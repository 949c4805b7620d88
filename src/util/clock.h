// The clock the engine and its delivery workers read: the system clock, or a manual one
// that tests move. Thread-safe. In util/ so delivery needs no engine header for it.
#pragma once
#include <atomic>

#include "util/time.h"

namespace od {

class Clock {
 public:
  explicit Clock(bool manual = false, Millis start = 0);
  // Before the engine is shared: choose manual time (starting at `start`, or now).
  void configure(bool manual, Millis start);
  Millis now() const;
  bool manual() const { return manual_; }
  void set(Millis t) { manual_now_.store(t); }
  void advance(Millis delta) { manual_now_.fetch_add(delta); }

 private:
  bool manual_;
  std::atomic<Millis> manual_now_;
};

}  // namespace od
