// Shared helpers for the unit tests: the sample district, dates, synthetic IDs.
#pragma once
#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "domain/resident_id.h"
#include "rules/district.h"
#include "util/failure.h"
#include "util/time.h"

#ifndef ONEDOOR_SOURCE_DIR
#error "ONEDOOR_SOURCE_DIR must be defined"
#endif

namespace odtest {

inline std::string sample_path() { return std::string(ONEDOOR_SOURCE_DIR) + "/config/dongchangfu.json"; }

inline boost::json::value sample_json() {
  std::ifstream in(sample_path(), std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + sample_path());
  std::ostringstream ss;
  ss << in.rdbuf();
  return boost::json::parse(ss.str());
}

inline const od::District& sample() {
  static const od::District d = od::parse_district(sample_json(), std::string(ONEDOOR_SOURCE_DIR) + "/config");
  return d;
}

inline od::Day day(int y, int m, int d) { return od::day_from_ymd(y, m, d); }

// An instant given as local (+08:00) wall-clock time.
inline od::Millis local(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return od::day_start(day(y, m, d)) + ((hh * 60LL + mm) * 60 + ss) * 1000;
}

// 23:59:59 local of a date: the last instant of a deadline ending that day.
inline od::Millis end_of(int y, int m, int d) { return local(y, m, d, 23, 59, 59); }

// GB 11643 check character computed here, independently of the core.
inline char gb11643_check(const std::string& first17) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char c[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * w[i];
  return c[sum % 11];
}

// A synthetic resident ID of the sample district: 371502 + birth date + sequence.
inline std::string synthetic_id(const std::string& birth_yyyymmdd, int seq) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%03d", seq % 1000);
  std::string s = "371502" + birth_yyyymmdd + buf;
  return s + gb11643_check(s);
}

// Runs f, expecting a Failure; returns it (fails the test otherwise).
template <typename F>
od::Failure expect_failure(F&& f) {
  try {
    f();
  } catch (const od::Failure& e) {
    return e;
  }
  throw std::runtime_error("expected an od::Failure, nothing was thrown");
}

}  // namespace odtest
