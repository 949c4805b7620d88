// domain/masking.h: what may go out in a help request, compared on a normalised form.
#include <catch2/catch.hpp>

#include "domain/masking.h"
#include "support.hpp"

using namespace od;
using odtest::synthetic_id;

namespace {
Case subject() {
  Case c;
  c.applicant.name = "遮蔽甲";
  c.applicant.id_number = synthetic_id("19800101", 7);
  c.phone = "13812345678";
  c.address = "古楼街道幸福路12号3单元401";
  c.household.push_back(Person{"遮蔽乙", synthetic_id("20100505", 8), "子女"});
  return c;
}
}  // namespace

TEST_CASE("masking: the normalised form folds full-width and drops separators", "[masking]") {
  CHECK(mask_normalise("138-1234-5678") == "13812345678");
  CHECK(mask_normalise("138 1234 5678") == "13812345678");
  CHECK(mask_normalise("(138) 1234.5678") == "13812345678");
  CHECK(mask_normalise("１３８１２３４５６７８") == "13812345678");
  CHECK(mask_normalise("幸福路１２号　３单元") == "幸福路12号3单元");
  CHECK(mask_normalise("ＡＢｃ") == "abc");
  CHECK(mask_normalise("一三八一二三四五六七八") == "13812345678");
  CHECK(mask_normalise("壹叁捌") == "138");
}

TEST_CASE("masking: a phone however written is refused", "[masking]") {
  Case c = subject();
  for (const char* t : {"电话13812345678", "电话138-1234-5678", "电话138 1234 5678", "电话１３８１２３４５６７８",
                        "电话(138)1234.5678", "电话１３８－１２３４－５６７８", "电话一三八一二三四五六七八",
                        "手机尾号5678"}) {
    INFO(t);
    CHECK_FALSE(mask_problem(c, t).empty());
  }
}

TEST_CASE("masking: long digit runs and ID numbers are refused", "[masking]") {
  Case c = subject();
  CHECK_FALSE(mask_problem(c, "账号 6222 0212 3456 7890").empty());
  CHECK_FALSE(mask_problem(c, "另一证件" + synthetic_id("19900909", 3)).empty());
  std::string spaced;
  for (char ch : c.applicant.id_number) (spaced += ch) += ' ';
  CHECK_FALSE(mask_problem(c, spaced).empty());
  CHECK(mask_problem(c, "一户3口，需要12个月帮扶").empty());
  CHECK(mask_problem(c, "一户三口，需要十二个月帮扶").empty());
  CHECK_FALSE(mask_problem(c, "身份证尾号" + c.applicant.id_number.substr(14)).empty());
  CHECK(mask_problem(c, "需要2000元").empty());
}

TEST_CASE("masking: names of the applicant and the household are refused", "[masking]") {
  Case c = subject();
  CHECK_FALSE(mask_problem(c, "申请人遮蔽甲急需帮扶").empty());
  CHECK_FALSE(mask_problem(c, "孩子遮 蔽 乙上学").empty());
  CHECK_FALSE(mask_problem(c, "证号" + c.household[0].id_number).empty());
}

TEST_CASE("masking: the address and fragments of it that place the home are refused", "[masking]") {
  Case c = subject();
  CHECK_FALSE(mask_problem(c, "住古楼街道幸福路12号3单元401").empty());
  CHECK_FALSE(mask_problem(c, "住幸福路12号").empty());
  CHECK_FALSE(mask_problem(c, "住幸福路１２号").empty());
  CHECK_FALSE(mask_problem(c, "12号3单元").empty());
  CHECK(mask_problem(c, "12号3单元").find("12号3单元") != std::string::npos);  // the reason names the fragment
  // a district or street name alone, or a number that is not the address, still goes
  CHECK(mask_problem(c, "古楼街道一户两口，急需冬季衣物").empty());
  CHECK(mask_problem(c, "需要3个月生活帮扶").empty());
  CHECK(mask_problem(c, "幸福路附近").empty());
}
