// rules/district.h: the sample district parses; bad configurations are refused with
// OD_ERR_CONFIG naming the field; same_need with allowed_together.
#include <catch2/catch.hpp>
#include <functional>

#include "support.hpp"

using namespace od;
namespace json = boost::json;

namespace {

// Parses the sample after `mutate` changed it; returns the failure.
Failure refused(const std::function<void(json::object&)>& mutate) {
  json::value v = odtest::sample_json();
  mutate(v.as_object());
  return odtest::expect_failure([&] { parse_district(v, ""); });
}

}  // namespace

TEST_CASE("rules: the sample district", "[rules]") {
  const District& d = odtest::sample();
  CHECK(d.code == "371502");
  CHECK(d.name == "东昌府区");
  CHECK(d.towns.size() == 24);
  int subdistricts = 0;
  for (const auto& t : d.towns) subdistricts += t.kind == "subdistrict";
  CHECK(subdistricts == 11);
  CHECK(d.categories.size() == 9);
  CHECK(d.district_window() == "district");
  CHECK(d.government() == "gov.district");
  CHECK(d.town_window("gulou") == "town.gulou");
  CHECK(d.town_window("guangping") == "town.guangping");
  CHECK(d.town_window("nowhere") == "");
  REQUIRE(d.unit("town.gulou.office") != nullptr);
  CHECK(d.unit("town.gulou.office")->kind == UnitKind::TownOffice);
  CHECK(d.unit("town.gulou.office")->town == "gulou");
  CHECK(d.unit("town.gulou")->kind == UnitKind::TownWindow);
  CHECK(d.unit("dept.education")->kind == UnitKind::Department);
  CHECK(d.unit("org.charity")->kind == UnitKind::SocialOrg);
  CHECK(d.unit("nothing") == nullptr);
  // 24 windows + 24 offices + 24 town governments + district window + 7 departments
  // + 4 orgs + the district government
  CHECK(d.units.size() == 85);
  CHECK(d.unit("town.gulou.gov")->kind == UnitKind::Government);
  CHECK(d.unit("town.gulou.gov")->town == "gulou");
  CHECK(d.local_government("town.gulou.office") == "town.gulou.gov");
  CHECK(d.local_government("town.gulou") == "town.gulou.gov");
  CHECK(d.local_government("district") == "gov.district");
  CHECK(d.local_government("dept.health") == "gov.district");
  CHECK(d.unit("org.industry")->org_kind == "industry");
  CHECK(d.orgs_serving("employment") == std::vector<std::string>{"org.industry", "org.socialwork"});
  CHECK(d.orgs_serving("temporary") == std::vector<std::string>{"org.charity", "org.volunteer"});  // need "urgent"
  CHECK(d.category("medical")->cooperating == std::vector<std::string>{"dept.health"});
  CHECK(d.start_date == day_start(day_from_ymd(2025, 1, 1)));
  CHECK(d.max_items_per_case == 20);
  CHECK(d.category("education")->owner == "dept.education");
  CHECK(d.category("housing")->owner == "dept.housing");
  CHECK(d.category("employment")->owner == "dept.hrss");
  CHECK(d.category("dibao")->owner == "dept.civil");
  CHECK(d.category("dibao")->town_can_handle);
  CHECK_FALSE(d.category("charity")->town_can_handle);
  CHECK(d.category("disaster")->policy_days == 10);
  CHECK(d.deadlines.opinion == 3);
  CHECK(d.deadlines.feedback == 3);
  CHECK(d.deadlines.paperwork == 10);
  CHECK(d.deadlines.decision == 5);
  CHECK(std::string(unit_kind_name(UnitKind::SocialOrg)) == "social_org");
}

TEST_CASE("rules: same_need and allowed_together", "[rules]") {
  const District& d = odtest::sample();
  CHECK(d.same_need("dibao", "dibao"));
  CHECK(d.same_need("dibao", "tekun"));  // both subsistence
  CHECK(d.same_need("tekun", "dibao"));
  CHECK_FALSE(d.same_need("dibao", "medical"));
  CHECK_FALSE(d.same_need("education", "housing"));
  // disaster and temporary share the "urgent" need but are allowed together
  CHECK_FALSE(d.same_need("disaster", "temporary"));
  CHECK_FALSE(d.same_need("temporary", "disaster"));
  CHECK(d.same_need("disaster", "disaster"));
  CHECK(d.same_need("temporary", "temporary"));
  // unknown categories: only identical codes clash
  CHECK(d.same_need("x", "x"));
  CHECK_FALSE(d.same_need("x", "y"));
  CHECK_FALSE(d.same_need("dibao", "x"));

  // without the allowed_together entry they clash
  json::value v = odtest::sample_json();
  v.as_object().erase("allowed_together");
  District d2 = parse_district(v, "");
  CHECK(d2.same_need("disaster", "temporary"));
}

TEST_CASE("rules: refused configurations name the field", "[rules]") {
  SECTION("unknown owner unit") {
    Failure f = refused([](json::object& o) { o["categories"].as_array()[2].as_object()["owner"] = "dept.nowhere"; });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.categories[2].owner");
  }
  SECTION("owner that is not a department") {
    Failure f = refused([](json::object& o) { o["categories"].as_array()[0].as_object()["owner"] = "org.charity"; });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.categories[0].owner");
  }
  SECTION("duplicate town") {
    Failure f = refused([](json::object& o) {
      auto& towns = o["towns"].as_array();
      json::object dup = towns[3].as_object();
      dup["name"] = "重复街道";
      towns.push_back(dup);
    });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.towns[24].code");
  }
  SECTION("missing district_window") {
    Failure f = refused([](json::object& o) {
      auto& units = o["units"].as_array();
      units.erase(units.begin());  // "district"
    });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.units");
  }
  SECTION("two district windows") {
    Failure f = refused([](json::object& o) {
      o["units"].as_array().push_back(json::object{{"id", "district2"}, {"kind", "district_window"}, {"name", "另一个"}});
    });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.units");
  }
  SECTION("missing government") {
    Failure f = refused([](json::object& o) {
      auto& units = o["units"].as_array();
      units.erase(units.end() - 1);  // gov.district is last
    });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.units");
  }
  SECTION("bad holiday date") {
    Failure f = refused([](json::object& o) {
      o["calendar"].as_object()["2026"].as_object()["holidays"].as_array()[1] = "2026-02-30";
    });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.calendar.2026.holidays[1]");
  }
  SECTION("reversed holiday range") {
    Failure f = refused([](json::object& o) {
      o["calendar"].as_object()["2026"].as_object()["holidays"].as_array()[0] = "2026-01-03..2026-01-01";
    });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.calendar.2026.holidays[0]");
  }
  SECTION("a workday that is also a holiday") {
    Failure f = refused([](json::object& o) {
      o["calendar"].as_object()["2026"].as_object()["workdays"].as_array().push_back("2026-10-03");
    });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.calendar.2026.workdays[6]");
  }
  SECTION("a date outside its year") {
    Failure f = refused([](json::object& o) {
      o["calendar"].as_object()["2026"].as_object()["holidays"].as_array().push_back("2027-01-01");
    });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.calendar.2026");
  }
  SECTION("a calendar key that is not a year") {
    Failure f = refused([](json::object& o) { o["calendar"].as_object()["next"] = json::object{}; });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.calendar.next");
  }
  SECTION("unknown category in allowed_together") {
    Failure f = refused([](json::object& o) {
      o["allowed_together"].as_array().push_back(json::array{"dibao", "lottery"});
    });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.allowed_together[1]");
  }
  SECTION("allowed_together entry that is not a pair") {
    Failure f = refused([](json::object& o) { o["allowed_together"] = json::array{json::array{"dibao"}}; });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.allowed_together[0]");
  }
  SECTION("duplicate category") {
    Failure f = refused([](json::object& o) {
      auto& cats = o["categories"].as_array();
      cats.push_back(cats[0]);
    });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.categories[9].code");
  }
  SECTION("no towns") {
    Failure f = refused([](json::object& o) { o["towns"] = json::array{}; });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.towns");
  }
  SECTION("a town window declared as a unit") {
    Failure f = refused([](json::object& o) {
      o["units"].as_array().push_back(json::object{{"id", "town.extra"}, {"kind", "town_window"}, {"name", "x"}});
    });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.units[13].kind");
  }
  SECTION("unknown unit kind") {
    Failure f = refused([](json::object& o) { o["units"].as_array()[1].as_object()["kind"] = "ministry"; });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.units[1].kind");
  }
  SECTION("missing code") {
    Failure f = refused([](json::object& o) { o.erase("code"); });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.code");
  }
  SECTION("deadline out of range") {
    Failure f = refused([](json::object& o) { o["deadlines"].as_object()["opinion"] = 0; });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district.deadlines.opinion");
  }
  SECTION("not an object") {
    Failure f = odtest::expect_failure([] { parse_district(json::array{}, ""); });
    CHECK(f.status() == OD_ERR_CONFIG);
    CHECK(f.field() == "district");
  }
}
