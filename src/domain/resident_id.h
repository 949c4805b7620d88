// Resident identity numbers (GB 11643-1999): 17 digits and a check character 0-9 or X.
// Pure.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace od {

// The check character for the first 17 digits, or '\0' if they are not 17 digits.
char resident_id_check_char(std::string_view first17);
// Empty when valid; otherwise why not (for the error message). Accepts a lower-case x.
std::string resident_id_problem(std::string_view id);
// The same, and the birth date must not be after `today` (a local date): nobody
// applies before they are born.
std::string resident_id_problem(std::string_view id, int32_t today);
// Upper-cases a trailing x so that one person has one spelling.
std::string normalize_resident_id(std::string_view id);
// "371502********123X": region kept, birth date and sequence hidden (公示).
std::string mask_resident_id(std::string_view id);
// "张*三", "李*": the first character kept, and the last for names of three or more.
std::string mask_name(std::string_view utf8_name);

}  // namespace od
