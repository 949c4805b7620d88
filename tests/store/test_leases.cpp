// Job leases through the store interface, on either backend (tests/common/test_database.h):
// a lease is renewed or given back only by the claimer whose lease it still is. A worker
// whose lease ran out while it waited must learn that it lost the job, and must leave the
// new claimer's lease alone (nodes.pg once saw a job POSTed by two nodes at the same
// millisecond: the late worker had renewed the other's lease and sent the job beside it).
#include <catch2/catch.hpp>

#include <string>

#include "engine_fixture.h"
#include "store/store.h"

using namespace od;
namespace json = boost::json;

namespace {

struct LeaseFixture : EngineFixture {
  LeaseFixture() : EngineFixture("od_leases") {
    e->store().write(Durability::Full, [](StoreTx& tx) {
      JobRow j;
      j.id = "job-000000001-00000000000000aa";
      j.case_id = "C-2026-000001";
      j.item_id = "C-2026-000001-1";
      j.unit = "dept.education";
      j.kind = "notice";
      j.body = "{}";
      j.created_at = 1000;
      j.next_at = 1000;
      tx.add_job(j);
    });
  }
  std::vector<JobRow> claim(Millis wall_now) {
    std::vector<JobRow> out;
    e->store().write(Durability::Full, [&](StoreTx& tx) { out = tx.claim_jobs(2000, wall_now, 4, 100, {}); });
    return out;
  }
  std::optional<Millis> lease() {
    std::optional<Millis> out;
    e->store().read([&](StoreTx& tx) { out = tx.job("job-000000001-00000000000000aa")->lease_until; });
    return out;
  }
};

const std::string kJob = "job-000000001-00000000000000aa";

}  // namespace

TEST_CASE("a lease is renewed and given back only by the claimer that still holds it", "[leases]") {
  LeaseFixture f;
  // worker A claims at t=10,000 with a lease of 100 ms
  auto a = f.claim(10000);
  REQUIRE(a.size() == 1);
  REQUIRE(a[0].lease_until == Millis{10100});
  CHECK(f.lease() == Millis{10100});
  CHECK(f.claim(10050).empty());  // leased: nobody else gets it

  // A renews in time: its proof is the lease_until it was given
  std::vector<std::string> renewed;
  f.e->store().write(Durability::Full, [&](StoreTx& tx) { renewed = tx.renew_leases({{kJob, 10100}}, 10160); });
  CHECK(renewed == std::vector<std::string>{kJob});
  CHECK(f.lease() == Millis{10160});

  // A stalls past its lease; worker B claims the job at t=10,200
  auto b = f.claim(10200);
  REQUIRE(b.size() == 1);
  CHECK(b[0].lease_until == Millis{10300});

  // A wakes up: its renewal finds B's lease and changes nothing, so A does not send
  f.e->store().write(Durability::Full, [&](StoreTx& tx) { renewed = tx.renew_leases({{kJob, 10160}}, 10400); });
  CHECK(renewed.empty());
  CHECK(f.lease() == Millis{10300});
  // nor can A give B's lease back (a third worker would then send it beside B)
  f.e->store().write(Durability::Full, [&](StoreTx& tx) { tx.release_lease(kJob, 10160); });
  CHECK(f.lease() == Millis{10300});
  CHECK(f.claim(10250).empty());

  // B gives its own lease back: due again at once
  f.e->store().write(Durability::Full, [&](StoreTx& tx) { tx.release_lease(kJob, 10300); });
  CHECK(!f.lease());
  CHECK(f.claim(10260).size() == 1);
}

TEST_CASE("a renewal extends only the leases still held, and says which", "[leases]") {
  LeaseFixture f;
  auto a = f.claim(10000);
  REQUIRE(a.size() == 1);
  // a job that was recorded (delivered) in the meantime is not renewed either
  f.e->store().write(Durability::Full, [&](StoreTx& tx) { tx.job_delivered(kJob, "REF-1", 10050); });
  std::vector<std::string> renewed{"x"};
  f.e->store().write(Durability::Full,
                     [&](StoreTx& tx) { renewed = tx.renew_leases({{kJob, 10100}, {"job-unknown", 10100}}, 10200); });
  CHECK(renewed.empty());
}
