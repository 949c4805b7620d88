// What the benchmarks share: medians, a stopwatch, and the application a portal sends
// (person by person, synthetic: synthetic.h), so that every benchmark's intake is the same.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "synthetic.h"

namespace od::bench {

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

inline const char* const kTowns[] = {"gulou", "liuyuan", "xinqu", "houying", "shazhen", "tangyi"};
inline const char* const kCats[] = {"dibao", "medical", "temporary", "tekun"};

// Application i: applicant and spouse with their own IDs, a town and a category in turn.
inline std::string intake_request(long i) {
  char id[19], mid[19], name[32];
  od_synthetic_id(100000 + i * 2, id);
  od_synthetic_id(100001 + i * 2, mid);
  od_synthetic_name(i, name, sizeof name);
  char buf[2048];
  std::snprintf(buf, sizeof buf,
                "{\"actor\":{\"officer\":\"O-%03ld\",\"unit\":\"town.%s\",\"role\":\"officer\"},"
                "\"channel\":\"in_person\",\"applicant\":{\"name\":\"%s\",\"id_number\":\"%s\",\"phone\":\"138%08ld\","
                "\"hukou_town\":\"%s\",\"address\":\"示例路%ld号\"},\"household\":[{\"name\":\"%s\",\"id_number\":\"%s\","
                "\"relation\":\"spouse\"}],\"hardship\":\"因病致贫，家庭收入低于当地最低生活保障标准\","
                "\"categories\":[\"%s\"]}",
                i % 50, kTowns[i % 6], name, id, i % 100000000, kTowns[i % 6], i, name, mid, kCats[i % 4]);
  return buf;
}

// A count from the command line: a positive integer, or the usage and exit 2.
inline long count_arg(const std::string& text, const char* usage) {
  char* end = nullptr;
  long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end || v <= 0) {
    std::fprintf(stderr, "usage: %s\n", usage);
    std::exit(2);
  }
  return v;
}

}  // namespace od::bench
