// Small helpers the store's files share: how a case id maps to its row.
#pragma once
#include <cstdint>
#include <string>

namespace od {

// Case ids end in their sequence number; -1 when the text is not a case id.
inline int64_t seq_of_case_id(const std::string& id) {
  auto dash = id.rfind('-');
  if (dash == std::string::npos || dash + 1 >= id.size() || id.size() - dash > 19) return -1;
  int64_t n = 0;
  for (size_t i = dash + 1; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return -1;
    n = n * 10 + (id[i] - '0');
  }
  return n;
}

}  // namespace od
