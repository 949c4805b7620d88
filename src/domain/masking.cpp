#include "domain/masking.h"

#include <vector>

#include "util/utf8.h"

namespace od {

namespace {

// One character per element (its UTF-8 bytes), after normalisation.
std::vector<std::string> normalised_chars(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) {  // not UTF-8: kept byte by byte, compared as is
      out.emplace_back(1, s[i]);
      ++i;
      continue;
    }
    uint32_t cp = static_cast<unsigned char>(s[i]);
    if (n == 2) cp = ((cp & 0x1F) << 6) | (s[i + 1] & 0x3F);
    if (n == 3) cp = ((cp & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    if (n == 4) cp = ((cp & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
    std::string ch(s.substr(i, n));
    i += n;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (cp < 0x80) {
      char a = static_cast<char>(cp);
      if (a == ' ' || a == '\t' || a == '\n' || a == '\r' || a == '-' || a == '.' || a == '(' || a == ')' ||
          a == '/' || a == '_' || a == '+' || a == '[' || a == ']')
        continue;
      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
      out.emplace_back(1, a);
      continue;
    }
    // Chinese numerals written for digits: 一三八… is a phone too
    static const char32_t kNumerals[][10] = {{U'〇', U'一', U'二', U'三', U'四', U'五', U'六', U'七', U'八', U'九'},
                                             {U'零', U'壹', U'贰', U'叁', U'肆', U'伍', U'陆', U'柒', U'捌', U'玖'}};
    bool numeral = false;
    for (const auto& row : kNumerals)
      for (int digit = 0; digit < 10; ++digit)
        if (cp == row[digit] && !numeral) {
          out.emplace_back(1, static_cast<char>('0' + digit));
          numeral = true;
        }
    if (numeral) continue;
    // ideographic space, middle dots, dashes, 、 and full-width brackets
    if (cp == 0x3000 || cp == 0x00B7 || cp == 0x30FB || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 ||
        cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0x2212 || cp == 0x3001 || cp == 0x3010 ||
        cp == 0x3011 || cp == 0x00A0)
      continue;
    out.push_back(std::move(ch));
  }
  return out;
}

std::string join(const std::vector<std::string>& chars, size_t from, size_t to) {
  std::string s;
  for (size_t i = from; i < to; ++i) s += chars[i];
  return s;
}

bool is_digit(const std::string& ch) { return ch.size() == 1 && ch[0] >= '0' && ch[0] <= '9'; }

bool has_place_word(const std::string& s) {
  static const char* kWords[] = {"路", "街", "巷", "号", "弄", "村", "组", "单元", "室", "楼", "栋", "幢"};
  for (const char* w : kWords)
    if (s.find(w) != std::string::npos) return true;
  return false;
}

// The longest fragment of the address the text holds that identifies a place (a digit
// and a place word, four characters or more); empty when none.
std::string address_fragment(const std::vector<std::string>& text, const std::vector<std::string>& addr) {
  for (size_t i = 0; i < text.size(); ++i) {
    for (size_t j = 0; j < addr.size(); ++j) {
      size_t len = 0;
      while (i + len < text.size() && j + len < addr.size() && text[i + len] == addr[j + len]) ++len;
      if (len < 4) continue;
      // every shorter common fragment from here is inside this one: judge the longest
      bool digit = false;
      for (size_t k = j; k < j + len; ++k) digit = digit || is_digit(addr[k]);
      std::string frag = join(addr, j, j + len);
      if (digit && has_place_word(frag)) return frag;
    }
  }
  return {};
}

}  // namespace

std::string mask_normalise(std::string_view text) {
  auto chars = normalised_chars(text);
  return join(chars, 0, chars.size());
}

std::string mask_problem(const Case& c, std::string_view text) {
  std::vector<std::string> t = normalised_chars(text);
  std::string flat = join(t, 0, t.size());
  auto holds = [&](const std::string& s, size_t min_chars) {
    auto n = normalised_chars(s);
    return n.size() >= min_chars && flat.find(join(n, 0, n.size())) != std::string::npos;
  };
  if (holds(c.applicant.name, 2)) return "must not name the applicant";
  if (holds(c.applicant.id_number, 1) || holds(c.phone, 1))
    return "must not give the applicant's ID number or phone";
  for (const Person& p : c.household)
    if (holds(p.name, 2) || holds(p.id_number, 1)) return "must not name or identify household members";
  if (holds(c.address, 4)) return "must not give the applicant's address";
  // digit runs: six or more is a number that identifies; four or five that end an ID
  // number or the phone are its tail (尾号)
  std::vector<std::string> tails = {mask_normalise(c.applicant.id_number), mask_normalise(c.phone)};
  for (const Person& p : c.household) tails.push_back(mask_normalise(p.id_number));
  std::string run;
  for (size_t i = 0; i <= t.size(); ++i) {
    if (i < t.size() && is_digit(t[i])) {
      run += t[i];
      if (run.size() >= 6) return "must not contain numbers of six or more digits (ID, phone, account), however written";
      continue;
    }
    if (run.size() >= 4)
      for (const std::string& whole : tails)
        if (whole.size() > run.size() && whole.compare(whole.size() - run.size(), run.size(), run) == 0)
          return "must not give the last digits of an ID number or the phone";
    run.clear();
  }
  std::string frag = address_fragment(t, normalised_chars(c.address));
  if (!frag.empty()) return "must not give part of the applicant's address ('" + frag + "')";
  return {};
}

}  // namespace od
