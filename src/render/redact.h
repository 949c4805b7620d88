// Masking personal data in free text before anything is published (公示). Pure.
//
// Free text (measures, notes, opinions) is typed by staff and may carry anything. What
// must never appear in a published list is masked:
//  - every run of seven or more digits (ASCII or full-width, with spaces, dashes, '+'
//    and a trailing X inside): resident ID numbers, mobile and landline numbers, bank
//    card numbers. Shorter runs (amounts, days, years) stay;
//  - every name the case knows (applicant, household): the surname is kept and the rest
//    becomes 某 (马文博 -> 马某); the given name alone is masked too (文博 -> 某);
//  - the case's address, and every stretch of text between separators that looks like
//    an address (a number followed by 号, 室, 栋, 单元, 楼, 组, ..., or ending in 村/小区
//    after a place name), which becomes ***.
// The result is valid UTF-8 when the input is.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace od {

struct KnownPersonalData {
  std::vector<std::string> names;      // applicant and household members
  std::vector<std::string> addresses;  // the case's address
};

std::string redact_text(std::string_view text, const KnownPersonalData& known);

// A name as published: the first character kept, the rest starred, and a one-character
// name starred completely (王 -> *), so that no published name is whole.
std::string public_name(std::string_view name);

}  // namespace od
