// Instants and local dates. An instant is Unix milliseconds (UTC). The district's civil
// time is Asia/Shanghai, which has kept UTC+8 with no daylight saving since 1991, so
// local dates and ISO texts use a fixed +08:00 offset and need no tz database.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace od {

using Millis = int64_t;
using Day = int32_t;  // days since 1970-01-01 in local (Asia/Shanghai) time

constexpr Millis kMsPerDay = 86'400'000;
constexpr Millis kLocalOffsetMs = 8 * 3'600'000;

Day local_day(Millis t);                  // the local date of an instant
Millis day_start(Day d);                  // 00:00 local of a date, as an instant
Day day_from_ymd(int y, int m, int d);
void ymd_from_day(Day day, int& y, int& m, int& d);
int weekday(Day d);                       // 1 = Monday ... 7 = Sunday

std::string format_instant(Millis t);     // "2026-03-02T09:30:00+08:00"
std::string format_day(Day d);            // "2026-03-02"
// Accepts "YYYY-MM-DD" (00:00 local), "YYYY-MM-DDTHH:MM[:SS[.fff]]" with "Z", "+HH:MM"
// or no offset (local). Returns nullopt when the text is not such a time.
std::optional<Millis> parse_instant(std::string_view text);
std::optional<Day> parse_day(std::string_view text);

}  // namespace od
