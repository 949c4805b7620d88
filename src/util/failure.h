// Failure: the one error type inside the core. A request that cannot be carried out
// throws a Failure; Engine::call catches it, rolls the transaction back and turns it
// into an error document. Errors are the rare path, so an exception costs nothing on
// the hot path and keeps every operation a straight line of checks.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include "onedoor/onedoor.h"

namespace od {

class Failure : public std::runtime_error {
 public:
  Failure(int32_t status, std::string message, std::string field = {})
      : std::runtime_error(std::move(message)), status_(status), field_(std::move(field)) {}
  int32_t status() const { return status_; }
  const std::string& field() const { return field_; }

 private:
  int32_t status_;
  std::string field_;
};

[[noreturn]] inline void fail(int32_t status, std::string message, std::string field = {}) {
  throw Failure(status, std::move(message), std::move(field));
}
[[noreturn]] inline void invalid(std::string field, std::string message) {
  throw Failure(OD_ERR_INVALID, std::move(message), std::move(field));
}

const char* status_name(int32_t status);

}  // namespace od
