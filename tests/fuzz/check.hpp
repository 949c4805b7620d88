// What every fuzz target asserts about what comes out: valid UTF-8 JSON (Boost.JSON's
// parser refuses invalid UTF-8 by default) and a status the header documents. A
// violation aborts, which libFuzzer reports as a crash with the input that caused it.
#pragma once
#include <boost/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fuzzcheck {

[[noreturn]] inline void violated(const char* what, std::string_view text) {
  std::fprintf(stderr, "fuzz check failed: %s: %.*s\n", what, static_cast<int>(text.size() > 2000 ? 2000 : text.size()),
               text.data());
  std::abort();
}

inline boost::json::value strict_json(std::string_view text, const char* what) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) violated(what, text);
  return v;
}

// A status of onedoor.h: OK or one of the documented error codes.
inline bool documented_status(int64_t s) { return s >= 0 && s <= 12; }

// A response of od_call / od_open: valid JSON; an error document names its status.
inline void check_response(int32_t rc, const char* text) {
  if (!documented_status(rc)) violated("undocumented status", text ? text : "");
  if (!text) {
    if (rc != 9) violated("no response text", "");  // only out of memory may leave none
    return;
  }
  boost::json::value v = strict_json(text, "response is not valid UTF-8 JSON");
  if (rc != 0) {
    const boost::json::value* st = v.is_object() ? v.as_object().if_contains("error") : nullptr;
    if (!st || !st->is_object() || !st->as_object().contains("status") ||
        st->as_object().at("status") != boost::json::value(rc) || !st->as_object().contains("message"))
      violated("error document does not match the status", text);
  }
}

}  // namespace fuzzcheck
