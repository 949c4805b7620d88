#include "util/time.h"

#include <chrono>
#include <cstdio>

namespace od {
namespace {
Millis floor_div(Millis a, Millis b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool valid_ymd(int y, int m, int d) {
  using namespace std::chrono;
  return year_month_day{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}}.ok() &&
         y >= 1900 && y <= 2200;
}
}  // namespace

Day local_day(Millis t) { return static_cast<Day>(floor_div(t + kLocalOffsetMs, kMsPerDay)); }
Millis day_start(Day d) { return static_cast<Millis>(d) * kMsPerDay - kLocalOffsetMs; }

Day day_from_ymd(int y, int m, int d) {
  using namespace std::chrono;
  sys_days sd = year_month_day{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  return static_cast<Day>(sd.time_since_epoch().count());
}

void ymd_from_day(Day dd, int& y, int& m, int& d) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{days{dd}}};
  y = static_cast<int>(ymd.year());
  m = static_cast<int>(static_cast<unsigned>(ymd.month()));
  d = static_cast<int>(static_cast<unsigned>(ymd.day()));
}

int weekday(Day d) {
  using namespace std::chrono;
  return static_cast<int>(year_month_weekday{sys_days{days{d}}}.weekday().iso_encoding());
}

namespace {
// Writes n digits of v (zero-padded) at p; responses format many instants, and
// snprintf was a visible share of a call.
char* put_digits(char* p, int v, int n) {
  for (int i = n - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
  return p + n;
}
char* put_day(char* p, Day d) {
  int y, m, dd;
  ymd_from_day(d, y, m, dd);
  if (y < 0 || y > 9999) y = 0;
  p = put_digits(p, y, 4);
  *p++ = '-';
  p = put_digits(p, m, 2);
  *p++ = '-';
  return put_digits(p, dd, 2);
}
}  // namespace

std::string format_day(Day d) {
  char buf[10];
  return std::string(buf, put_day(buf, d));
}

std::string format_instant(Millis t) {
  Day d = local_day(t);
  Millis in_day = t + kLocalOffsetMs - static_cast<Millis>(d) * kMsPerDay;
  int secs = static_cast<int>(in_day / 1000);
  char buf[32];
  char* p = put_day(buf, d);
  *p++ = 'T';
  p = put_digits(p, secs / 3600, 2);
  *p++ = ':';
  p = put_digits(p, (secs / 60) % 60, 2);
  *p++ = ':';
  p = put_digits(p, secs % 60, 2);
  for (char c : std::string_view("+08:00")) *p++ = c;
  return std::string(buf, p);
}

std::optional<Day> parse_day(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return std::nullopt;
  if (!valid_ymd(y, m, d)) return std::nullopt;
  return day_from_ymd(y, m, d);
}

std::optional<Millis> parse_instant(std::string_view s) {
  if (s.size() < 10) return std::nullopt;
  auto day = parse_day(s.substr(0, 10));
  if (!day) return std::nullopt;
  if (s.size() == 10) return day_start(*day);
  if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
  int hh, mm, ss = 0, ms = 0;
  if (!digits(s, 11, 2, hh) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, mm)) return std::nullopt;
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, ss)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      size_t start = pos;
      int scale = 100;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        ms += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return std::nullopt;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  Millis offset = kLocalOffsetMs;
  if (pos == s.size()) {
    // no offset: local time
  } else if (s[pos] == 'Z' && pos + 1 == s.size()) {
    offset = 0;
  } else if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om) || oh > 14 || om > 59) return std::nullopt;
    offset = (oh * 60 + om) * 60'000LL * (s[pos] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  Millis local = static_cast<Millis>(*day) * kMsPerDay + ((hh * 60 + mm) * 60 + ss) * 1000LL + ms;
  return local - offset;
}

}  // namespace od
