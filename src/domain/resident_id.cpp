#include "domain/resident_id.h"

#include <vector>

#include "util/time.h"
#include "util/utf8.h"

namespace od {

char resident_id_check_char(std::string_view s) {
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kChecks[] = "10X98765432";
  if (s.size() < 17) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (s[i] < '0' || s[i] > '9') return '\0';
    sum += (s[i] - '0') * kWeights[i];
  }
  return kChecks[sum % 11];
}

std::string resident_id_problem(std::string_view id) {
  if (id.size() != 18) return "must be 18 characters (GB 11643)";
  for (int i = 0; i < 17; ++i)
    if (id[i] < '0' || id[i] > '9') return "the first 17 characters must be digits";
  int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
  int m = (id[10] - '0') * 10 + (id[11] - '0');
  int d = (id[12] - '0') * 10 + (id[13] - '0');
  if (!parse_day(std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) + "-" +
                 std::string(id.substr(12, 2))) ||
      y < 1900)
    return "characters 7-14 must be a valid birth date";
  (void)m;
  (void)d;
  char want = resident_id_check_char(id);
  char got = id[17] == 'x' ? 'X' : id[17];
  if (got != want) return std::string("wrong check character: expected ") + want;
  return {};
}

std::string resident_id_problem(std::string_view id, int32_t today) {
  std::string problem = resident_id_problem(id);
  if (!problem.empty()) return problem;
  auto born = parse_day(std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) + "-" +
                        std::string(id.substr(12, 2)));
  if (*born > today) return "the birth date " + format_day(*born) + " is in the future";
  return {};
}

std::string normalize_resident_id(std::string_view id) {
  std::string s(id);
  if (!s.empty() && s.back() == 'x') s.back() = 'X';
  return s;
}

std::string mask_resident_id(std::string_view id) {
  if (id.size() != 18) return std::string(id.size(), '*');
  return std::string(id.substr(0, 6)) + "********" + std::string(id.substr(14));
}

std::string mask_name(std::string_view s) {
  std::vector<std::string_view> chars = utf8_chars(s);
  if (chars.empty()) return {};
  std::string out(chars.front());
  if (chars.size() == 1) return out;
  if (chars.size() == 2) return out + "*";
  for (size_t i = 1; i + 1 < chars.size(); ++i) out += "*";
  return out + std::string(chars.back());
}

}  // namespace od
