#include "render/redact.h"

#include <algorithm>

#include "domain/resident_id.h"
#include "util/utf8.h"

namespace od {
namespace {

bool is_digit(std::string_view ch) {
  if (ch.size() == 1) return ch[0] >= '0' && ch[0] <= '9';
  // full-width ０..９ are EF BC 90..99
  return ch.size() == 3 && static_cast<unsigned char>(ch[0]) == 0xEF && static_cast<unsigned char>(ch[1]) == 0xBC &&
         static_cast<unsigned char>(ch[2]) >= 0x90 && static_cast<unsigned char>(ch[2]) <= 0x99;
}

bool is_numeral(std::string_view ch) {
  static const std::string_view kChinese[] = {"零", "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "甲", "乙"};
  if (is_digit(ch)) return true;
  for (auto c : kChinese)
    if (ch == c) return true;
  return false;
}

// Characters that may sit inside a written number: 138-0000-0001, +86 138 ..., 37150219970508802X
bool is_number_joiner(std::string_view ch) {
  return ch == "-" || ch == " " || ch == "+" || ch == "－" || ch == "　" || ch == "x" || ch == "X" || ch == "Ｘ";
}

// Masks every run of at least seven digits (joiners inside a run do not break it).
std::string mask_long_numbers(std::string_view text) {
  auto cs = utf8_chars(text);
  std::string out;
  size_t i = 0;
  while (i < cs.size()) {
    if (!is_digit(cs[i]) && !(cs[i] == "+" && i + 1 < cs.size() && is_digit(cs[i + 1]))) {
      out += cs[i++];
      continue;
    }
    size_t j = i, digits = 0, last_digit = i;
    while (j < cs.size() && (is_digit(cs[j]) || is_number_joiner(cs[j]))) {
      if (is_digit(cs[j])) ++digits, last_digit = j;
      else if ((cs[j] == "x" || cs[j] == "X" || cs[j] == "Ｘ") && digits >= 14) last_digit = j;  // ID check character
      ++j;
    }
    if (digits >= 7) {
      out += "***";
      i = last_digit + 1;
    } else {
      for (; i <= last_digit; ++i) out += cs[i];
    }
  }
  return out;
}

void replace_all(std::string& s, std::string_view what, std::string_view with) {
  if (what.empty()) return;
  for (size_t pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + with.size()))
    s.replace(pos, what.size(), with);
}

bool is_separator(std::string_view ch) {
  static const std::string_view kSeps[] = {",", "，", "、", ";", "；", "。", "(", ")", "（", "）", " ", "　",
                                           ":", "：", "/", "\n", "\t", "[", "]", "【", "】", "!", "！", "?", "？"};
  for (auto s : kSeps)
    if (ch == s) return true;
  return false;
}

// An address: a numeral followed by a door or building word, or a place word such as
// 村, 小区, 社区 or 路/街/巷 with something before it.
bool looks_like_address(const std::vector<std::string_view>& seg) {
  static const std::string_view kAfterNumber[] = {"号", "室", "栋", "幢", "单元", "楼", "组", "户", "排", "弄", "巷"};
  static const std::string_view kPlace[] = {"村", "庄", "屯", "小区", "社区", "花园", "家园", "公寓", "大院", "路", "街", "巷", "胡同"};
  std::string joined;
  std::vector<size_t> ends;  // byte offset after each character
  for (auto c : seg) {
    joined += c;
    ends.push_back(joined.size());
  }
  std::string_view j(joined);
  for (size_t k = 0; k < seg.size(); ++k) {
    if (!is_numeral(seg[k])) continue;
    for (auto w : kAfterNumber)
      if (j.substr(ends[k], w.size()) == w) return true;
  }
  for (auto w : kPlace) {
    size_t pos = j.find(w);
    if (pos != std::string::npos && pos > 0) return true;  // a name before the place word
  }
  return false;
}

std::string mask_addresses(std::string_view text) {
  auto cs = utf8_chars(text);
  std::string out;
  std::vector<std::string_view> seg;
  auto flush = [&]() {
    if (!seg.empty() && looks_like_address(seg)) out += "***";
    else
      for (auto c : seg) out += c;
    seg.clear();
  };
  for (auto c : cs) {
    if (is_separator(c)) {
      flush();
      out += c;
    } else {
      seg.push_back(c);
    }
  }
  flush();
  return out;
}

}  // namespace

std::string public_name(std::string_view name) {
  auto cs = utf8_chars(name);
  if (cs.size() <= 1) return cs.empty() ? std::string() : std::string("*");
  return mask_name(name);
}

std::string redact_text(std::string_view text, const KnownPersonalData& known) {
  std::string s(text);
  for (const auto& a : known.addresses) replace_all(s, a, "***");
  // longest names first, so that 马文博 is masked before 马文
  std::vector<std::string> names(known.names);
  std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const auto& n : names) {
    auto cs = utf8_chars(n);
    if (cs.empty()) continue;
    if (cs.size() == 1) {
      replace_all(s, n, "某");
      continue;
    }
    replace_all(s, n, std::string(cs[0]) + "某");
  }
  for (const auto& n : names) {  // the given name alone
    auto cs = utf8_chars(n);
    if (cs.size() < 3) continue;  // a one-character given name would mask every such character
    replace_all(s, std::string_view(n).substr(cs[0].size()), "某");
  }
  s = mask_long_numbers(s);
  return mask_addresses(s);
}

}  // namespace od
