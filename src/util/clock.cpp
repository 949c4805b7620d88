#include "util/clock.h"

#include <chrono>

namespace od {

static Millis system_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Clock::Clock(bool manual, Millis start) : manual_(manual), manual_now_(start ? start : system_now()) {}

void Clock::configure(bool manual, Millis start) {
  manual_ = manual;
  manual_now_.store(start ? start : system_now());
}

Millis Clock::now() const { return manual_ ? manual_now_.load() : system_now(); }

}  // namespace od
