// Simulator tests: its own HTTP control API and mode rules, driven with raw libcurl.
#include <catch2/catch.hpp>

#include "dept_sim.hpp"
#include "plugin_harness.hpp"

#include <curl/curl.h>

#include <boost/json.hpp>

#include <string>

using namespace odtest;
namespace json = boost::json;

namespace {

struct HttpResult {
    long status = 0;
    std::string body;
    std::string retry_after;
};

HttpResult http(const std::string &method, const std::string &url, const std::string &body = "",
                const std::vector<std::string> &headers = {}) {
    HttpResult r;
    CURL *h = curl_easy_init();
    curl_slist *hl = nullptr;
    for (auto &x : headers) hl = curl_slist_append(hl, x.c_str());
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
    if (method == "POST") {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, +[](char *p, size_t s, size_t n, void *ud) {
        static_cast<std::string *>(ud)->append(p, s * n);
        return s * n;
    });
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, +[](char *p, size_t s, size_t n, void *ud) {
        std::string line(p, s * n);
        if (line.rfind("Retry-After:", 0) == 0) *static_cast<std::string *>(ud) = line.substr(13, line.find('\r') - 13);
        return s * n;
    });
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &r.retry_after);
    if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(h);
    return r;
}

}  // namespace

TEST_CASE("sim: verifies Standard Webhooks signatures", "[sim]") {
    using od::sim::DeptSim;
    const std::string id = "msg_p5jXN8AQM9LWM0D4loKWxJek", ts = "1614265330", body = "{\"test\": 2432232314}";
    const std::string good = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    CHECK(DeptSim::verify_signature(kSecret, id, ts, body, good));
    CHECK(DeptSim::verify_signature(kSecret, id, ts, body, "v1,AAAA " + good));  // several entries
    CHECK_FALSE(DeptSim::verify_signature(kSecret, id, ts, body + " ", good));
    CHECK_FALSE(DeptSim::verify_signature(kSecret, id, "1614265331", body, good));
    CHECK_FALSE(DeptSim::verify_signature(kSecret, id, ts, body, "v2," + good.substr(3)));
    CHECK_FALSE(DeptSim::verify_signature("whsec_AAAAAAAA", id, ts, body, good));
}

TEST_CASE("sim: control API, modes by path prefix and count, results queue", "[sim]") {
    od::sim::DeptSim sim;
    sim.start(0, kSecret);
    REQUIRE(sim.port() != 0);

    // default: ok with SIM-<seq>
    auto r = http("POST", sim.url("/civil"), "{\"a\":1}");
    CHECK(r.status == 200);
    CHECK(json::parse(r.body).at("reference").as_string() == "SIM-1");

    // 500 for the next 2 requests under /education only; longest prefix wins over global 400
    REQUIRE(http("POST", sim.url("/_control"), R"({"mode":"400"})").status == 200);
    REQUIRE(http("POST", sim.url("/_control"), R"({"mode":"500","path":"/education","count":2})").status == 200);
    CHECK(http("POST", sim.url("/education"), "{}").status == 500);
    CHECK(http("POST", sim.url("/education/sub"), "{}").status == 500);
    CHECK(http("POST", sim.url("/education"), "{}").status == 400);  // count used up -> global rule
    CHECK(http("POST", sim.url("/educationx"), "{}").status == 400);  // not a segment prefix
    CHECK(http("POST", sim.url("/civil"), "{}").status == 400);

    // 429 with Retry-After, seconds and HTTP-date
    REQUIRE(http("POST", sim.url("/_control"), R"({"mode":"429","retry_after":7})").status == 200);
    auto t = http("POST", sim.url("/housing"), "{}");
    CHECK(t.status == 429);
    CHECK(t.retry_after == "7");
    REQUIRE(http("POST", sim.url("/_control"), R"({"mode":"429","retry_after":7,"retry_after_http_date":true})").status == 200);
    t = http("POST", sim.url("/housing"), "{}");
    CHECK(t.retry_after.find("GMT") != std::string::npos);

    CHECK(http("POST", sim.url("/_control"), R"({"mode":"teapot"})").status == 400);

    // recordings, filtered by path
    auto rec = json::parse(http("GET", sim.url("/_received?path=%2Feducation")).body).as_array();
    CHECK(rec.size() == 3);
    CHECK(rec[0].at("status").as_int64() == 500);
    CHECK(rec[2].at("status").as_int64() == 400);
    CHECK(sim.received("/education").size() == 3);
    CHECK(sim.received().size() == 8);
    auto stats = json::parse(http("GET", sim.url("/_stats")).body).as_object();
    CHECK(stats.at("received").to_number<uint64_t>() == 8);
    CHECK(stats.at("by_path").at("/education").to_number<uint64_t>() == 2);

    // results queue: returned once, then empty
    REQUIRE(http("POST", sim.url("/_results"),
                 R"({"path":"/education","results":[{"item_id":"i1","outcome":"granted"}]})").status == 200);
    sim.queue_results("/education", R"([{"item_id":"i2","outcome":"denied"}])");
    auto q = json::parse(http("GET", sim.url("/education/results")).body).as_array();
    REQUIRE(q.size() == 2);
    CHECK(q[1].at("item_id").as_string() == "i2");
    CHECK(json::parse(http("GET", sim.url("/education/results")).body).as_array().empty());

    // reset clears recordings and modes
    REQUIRE(http("POST", sim.url("/_reset"), "").status == 200);
    CHECK(sim.received().empty());
    r = http("POST", sim.url("/civil"), "{}");
    CHECK(r.status == 200);
    CHECK(json::parse(r.body).at("reference").as_string() == "SIM-9");  // seq keeps counting
    sim.stop();
    sim.stop();  // idempotent
}
