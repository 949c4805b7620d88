// domain/resident_id.h: GB 11643 check characters, validation, masking (公示).
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace od;
using odtest::gb11643_check;
using odtest::synthetic_id;

namespace {
// The first synthetic ID (371502 + birth date + sequence) whose check character is X.
std::string id_with_x() {
  for (int seq = 0; seq < 1000; ++seq) {
    std::string id = synthetic_id("19800101", seq);
    if (id.back() == 'X') return id;
  }
  return {};
}
}  // namespace

TEST_CASE("resident id: check character matches an independent computation", "[resident_id]") {
  // a well-known worked example of the algorithm (GB 11643 annex): 11010519491231002X
  CHECK(resident_id_check_char("11010519491231002") == 'X');
  CHECK(resident_id_check_char("44052418800101001") == '4');
  int seen_x = 0;
  for (int seq = 0; seq < 200; ++seq) {
    std::string id = synthetic_id("19750615", seq);
    INFO(id);
    CHECK(resident_id_check_char(id.substr(0, 17)) == gb11643_check(id.substr(0, 17)));
    CHECK(resident_id_problem(id).empty());
    seen_x += id.back() == 'X';
  }
  CHECK(seen_x > 0);  // the X case is exercised
  // only the first 17 characters count; fewer or non-digits give '\0'
  CHECK(resident_id_check_char("3715021980010100") == '\0');
  CHECK(resident_id_check_char("37150219800101A01") == '\0');
  CHECK(resident_id_check_char("371502198001010011") == resident_id_check_char("37150219800101001"));
}

TEST_CASE("resident id: X check character, upper and lower case", "[resident_id]") {
  std::string x = id_with_x();
  REQUIRE(x.size() == 18);
  REQUIRE(x.back() == 'X');
  CHECK(resident_id_problem(x).empty());
  std::string lower = x.substr(0, 17) + "x";
  CHECK(resident_id_problem(lower).empty());
  CHECK(normalize_resident_id(lower) == x);
  CHECK(normalize_resident_id(x) == x);
  std::string plain = synthetic_id("19800101", 1);
  CHECK(normalize_resident_id(plain) == plain);
  // an X where a digit is due is wrong
  std::string digit_id = plain.back() == 'X' ? synthetic_id("19800101", 2) : plain;
  CHECK_FALSE(resident_id_problem(digit_id.substr(0, 17) + "X").empty());
}

TEST_CASE("resident id: wrong check character", "[resident_id]") {
  std::string good = synthetic_id("19900520", 17);
  for (char c : std::string("0123456789X")) {
    if (c == good.back()) continue;
    std::string bad = good.substr(0, 17) + c;
    INFO(bad);
    std::string p = resident_id_problem(bad);
    CHECK_FALSE(p.empty());
    CHECK(p.find("check character") != std::string::npos);
  }
  // a transposition of two digits is caught too
  std::string swapped = good;
  std::swap(swapped[14], swapped[15]);
  if (swapped[14] != swapped[15]) CHECK_FALSE(resident_id_problem(swapped).empty());
}

TEST_CASE("resident id: wrong length, non-digits, bad birth date", "[resident_id]") {
  std::string good = synthetic_id("19800101", 5);
  CHECK_FALSE(resident_id_problem("").empty());
  CHECK_FALSE(resident_id_problem(good.substr(0, 17)).empty());
  CHECK_FALSE(resident_id_problem(good + "0").empty());
  CHECK_FALSE(resident_id_problem(good.substr(0, 15)).empty());  // the old 15-digit form is refused
  std::string letters = good;
  letters[3] = 'A';
  CHECK_FALSE(resident_id_problem(letters).empty());

  auto with_birth = [](const std::string& b) { return synthetic_id(b, 5); };  // check char valid
  CHECK(resident_id_problem(with_birth("19800230")).find("birth") != std::string::npos);  // 30 Feb
  CHECK(resident_id_problem(with_birth("19801301")).find("birth") != std::string::npos);  // month 13
  CHECK(resident_id_problem(with_birth("19800001")).find("birth") != std::string::npos);  // month 0
  CHECK(resident_id_problem(with_birth("19800100")).find("birth") != std::string::npos);  // day 0
  CHECK(resident_id_problem(with_birth("20230229")).find("birth") != std::string::npos);  // not a leap year
  CHECK(resident_id_problem(with_birth("18991231")).find("birth") != std::string::npos);  // before 1900
  CHECK(resident_id_problem(with_birth("20000229")).empty());  // a leap day
  CHECK(resident_id_problem(with_birth("20251231")).empty());
}

TEST_CASE("resident id: masking for disclosure", "[resident_id]") {
  std::string id = synthetic_id("19800101", 123);
  std::string m = mask_resident_id(id);
  CHECK(m.size() == 18);
  CHECK(m == "371502********" + id.substr(14));
  CHECK(m.find("19800101") == std::string::npos);
  std::string x = id_with_x();
  CHECK(mask_resident_id(x).substr(14) == x.substr(14));
  CHECK(mask_resident_id(x).back() == 'X');
  // not an 18-character ID: nothing is shown
  CHECK(mask_resident_id("12345") == "*****");
  CHECK(mask_resident_id("") == "");
}

TEST_CASE("resident id: mask_name for Chinese names", "[resident_id]") {
  CHECK(mask_name("张三") == "张*");
  CHECK(mask_name("李四") == "李*");
  CHECK(mask_name("王小明") == "王*明");
  CHECK(mask_name("赵一二") == "赵*二");
  CHECK(mask_name("欧阳小明") == "欧**明");
  CHECK(mask_name("张") == "张");
  CHECK(mask_name("") == "");
  CHECK(mask_name("Li Si") == "L***i");
  // never the given name in the clear
  CHECK(mask_name("王小明").find("小") == std::string::npos);
}
