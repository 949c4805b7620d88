// Plugin tests: dlopen each built plugin through a fake host, deliver to the in-process
// department simulator, check signatures, payload shapes, outcome mapping, poll and
// concurrency; and check the test-only plugins the engine's loader tests rely on.
#include <catch2/catch.hpp>

#include "dept_sim.hpp"
#include "plugin_harness.hpp"

#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace odtest;
namespace json = boost::json;

namespace {

struct PluginInfo {
    const char *file;
    const char *name;  // entry.name
    const char *path;  // department path on the simulator
    const char *unit;
};

const PluginInfo kPlugins[] = {
    {OD_PLUGIN_WEBHOOK, "onedoor-webhook", "/webhook", "dept.webhook"},
    {OD_PLUGIN_CIVIL, "onedoor-civil", "/civil", "dept.civil"},
    {OD_PLUGIN_EDUCATION, "onedoor-education", "/education", "dept.education"},
    {OD_PLUGIN_HOUSING, "onedoor-housing", "/housing", "dept.housing"},
    {OD_PLUGIN_HRSS, "onedoor-hrss", "/hrss", "dept.hrss"},
    {OD_PLUGIN_SOCIALORG, "onedoor-socialorg", "/socialorg", "dept.socialorg"},
};

std::string config_for(const od::sim::DeptSim &sim, const PluginInfo &p, int timeout_ms = 2000,
                       const std::string &extra = "") {
    json::object o{{"url", sim.url(p.path)},
                   {"secret", kSecret},
                   {"timeout_ms", timeout_ms},
                   {"connect_timeout_ms", 1000},
                   {"headers", json::object{{"X-Dept", p.unit}}},
                   {"poll_url", sim.url(std::string(p.path) + "/results")}};
    std::string s = json::serialize(o);
    if (!extra.empty()) s = s.substr(0, s.size() - 1) + "," + extra + "}";
    return s;
}

std::string header(const od::sim::Recording &r, const std::string &name) {
    for (auto &[k, v] : r.headers)
        if (k == name) return v;
    return "";
}

json::value at(const json::value &v, const char *pointer) {
    boost::system::error_code ec;
    const json::value *p = v.find_pointer(pointer, ec);
    return p ? *p : json::value();
}

std::string str(const json::value &v, const char *pointer) {
    json::value x = at(v, pointer);
    return x.is_string() ? std::string(x.get_string()) : std::string("<not a string>");
}

bool contains(const std::string &hay, const std::string &needle) { return hay.find(needle) != std::string::npos; }

// The department-shaped payload checks, one per plugin.
void check_payload(const std::string &plugin, const std::string &body, const std::string &job_body,
                   const std::string &job_id) {
    INFO("plugin " << plugin << " payload " << body);
    json::value p = json::parse(body);
    REQUIRE(p.is_object());
    if (plugin == "onedoor-webhook") {
        CHECK(body == job_body);  // unchanged, byte for byte
        return;
    }
    CHECK(str(p, "/source") == "onedoor");
    CHECK(str(p, "/job_id") == job_id);
    CHECK(str(p, "/kind") == "notice");
    if (plugin == "onedoor-civil") {
        CHECK(str(p, "/department") == "civil");
        CHECK(str(p, "/category") == "education");
        CHECK(str(p, "/category_name") == "教育救助");
        CHECK(str(p, "/applicant/name") == "王建国");
        CHECK(str(p, "/applicant/id_number") == kApplicantId);
        CHECK(at(p, "/household").as_array().size() == 3);
        CHECK(str(p, "/hardship") == "因病致贫，孩子上学困难 \"急\"");
        CHECK(str(p, "/notice_number") == "TRF-2026-000007");
        CHECK(str(p, "/deadlines/opinion_due") == "2026-03-04T17:00:00+08:00");
        CHECK(str(p, "/deadlines/complete_due") == "2026-03-09T17:00:00+08:00");
    } else if (plugin == "onedoor-education") {
        CHECK(str(p, "/department") == "education");
        CHECK(str(p, "/case_id") == "C371502-2026-000001");
        CHECK(str(p, "/item_id") == "C371502-2026-000001-1");
        CHECK(str(p, "/applicant/name") == "王建国");
        CHECK(str(p, "/applicant/address") == "鼓楼街道示例路1号");
        CHECK(at(p, "/household").as_array().size() == 3);
        CHECK(str(p, "/household/1/name") == "王小明");
        CHECK(str(p, "/household/1/relation") == "child");
        CHECK(str(p, "/notice/number") == "TRF-2026-000007");
        CHECK(str(p, "/notice/complete_due") == "2026-03-09T17:00:00+08:00");
    } else if (plugin == "onedoor-housing") {
        CHECK(str(p, "/department") == "housing");
        CHECK(str(p, "/address") == "鼓楼街道示例路1号");
        CHECK(at(p, "/household_size").as_int64() == 4);
        CHECK(at(p, "/members").as_array().size() == 3);
        CHECK(str(p, "/members/0/relation") == "spouse");
        CHECK(str(p, "/complete_due") == "2026-03-09T17:00:00+08:00");
    } else if (plugin == "onedoor-hrss") {
        CHECK(str(p, "/department") == "hrss");
        REQUIRE(at(p, "/people").as_array().size() == 4);
        CHECK(str(p, "/people/0/relation") == "self");
        CHECK(at(p, "/people/0/age").as_int64() == 40);  // 1985-04-12 on 2026-03-02
        CHECK(at(p, "/people/0/working_age").as_bool());
        CHECK(at(p, "/people/1/age").as_int64() == 38);
        CHECK(at(p, "/people/2/age").as_int64() == 13);
        CHECK_FALSE(at(p, "/people/2/working_age").as_bool());
        CHECK(at(p, "/people/3/age").as_int64() == 76);
        CHECK_FALSE(at(p, "/people/3/working_age").as_bool());
        CHECK(str(p, "/opinion_due") == "2026-03-04T17:00:00+08:00");
    } else if (plugin == "onedoor-socialorg") {
        CHECK(str(p, "/department") == "socialorg");
        CHECK(str(p, "/applicant/name") == "王**");
        CHECK(str(p, "/applicant/id_number") == "371502********1238");
        CHECK(str(p, "/contact/via") == "window");
        CHECK(str(p, "/contact/window") == "town.gulou");
        CHECK(str(p, "/contact/phone") == "0635-8888001");
        CHECK(at(p, "/feedback_working_days").as_int64() == 3);
        CHECK(str(p, "/feedback_due") == "2026-03-05");  // Mon 2026-03-02 + 3 working days
        CHECK(at(p, "/household_size").as_int64() == 4);
        // de-identified: nothing that names or reaches the family directly
        for (const char *secret : {kApplicantId, kSpouseId, kChildId, "13800000001", "鼓楼街道示例路1号",
                                   "王建国", "李秀英", "王小明"})
            CHECK_FALSE(contains(body, secret));
    } else {
        FAIL("no payload check for " << plugin);
    }
}

const std::string kSocialExtra = R"("window_phones":{"town.gulou":"0635-8888001"})";

}  // namespace

TEST_CASE("plugins: entries declare ABI 1 and a full function table", "[plugins][abi]") {
    for (const auto &info : kPlugins) {
        INFO(info.file);
        LoadedPlugin p(info.file);
        const auto &e = p.entry();
        CHECK(e.abi_major == OD_PLUGIN_ABI_MAJOR);
        CHECK(e.abi_minor == OD_PLUGIN_ABI_MINOR);
        CHECK(e.struct_size == sizeof(od_plugin_entry_t));
        CHECK(std::string(e.name) == info.name);
        CHECK(std::string(e.version) == "1.0.0");
        CHECK(e.init != nullptr);
        CHECK(e.deinit != nullptr);
        CHECK(e.create != nullptr);
        CHECK(e.destroy != nullptr);
        CHECK(e.deliver != nullptr);
        CHECK(e.poll != nullptr);
    }
}

TEST_CASE("plugins: test-only plugins for loader tests", "[plugins][abi]") {
    SECTION("badabi is refused on abi_major before anything is called") {
        // its functions abort(): reaching this check at all proves nothing was called
        try {
            LoadedPlugin p(OD_TEST_BADABI);
            FAIL("badabi was accepted");
        } catch (const std::runtime_error &e) {
            CHECK(std::string(e.what()) == "ABI major 99 refused");
        }
        void *h = dlopen(OD_TEST_BADABI, RTLD_NOW | RTLD_LOCAL);
        REQUIRE(h);
        auto *e = static_cast<const od_plugin_entry_t *>(dlsym(h, OD_PLUGIN_ENTRY_SYMBOL));
        REQUIRE(e);
        CHECK(e->abi_major == 99);
        dlclose(h);
    }
    SECTION("noentry has no entry symbol") {
        void *h = dlopen(OD_TEST_NOENTRY, RTLD_NOW | RTLD_LOCAL);
        REQUIRE(h);
        CHECK(dlsym(h, OD_PLUGIN_ENTRY_SYMBOL) == nullptr);
        CHECK(dlsym(h, "od_test_not_a_plugin") != nullptr);
        dlclose(h);
        CHECK_THROWS_WITH(LoadedPlugin(OD_TEST_NOENTRY), Catch::Contains("no od_plugin_entry"));
    }
    SECTION("failinit's create fails with a reason and leaves no instance") {
        LoadedPlugin p(OD_TEST_FAILINIT);
        FakeHost h("{}", "dept.fail");
        void *inst = reinterpret_cast<void *>(0x1);
        char err[64] = {0};
        CHECK(p.entry().create(h.host(), &inst, err, sizeof err) != 0);
        CHECK(std::string(err) == "failinit: create refused by design");
        CHECK(inst == reinterpret_cast<void *>(0x1));
        CHECK(p.entry().poll == nullptr);
        CHECK(create_error(p, "{}") == "failinit: create refused by design");
    }
}

TEST_CASE("plugins: create refuses a bad configuration with a reason", "[plugins]") {
    for (const auto &info : kPlugins) {
        INFO(info.file);
        LoadedPlugin p(info.file);
        CHECK(contains(create_error(p, "{}"), "\"url\" is required"));
        CHECK(contains(create_error(p, R"({"url":"http://127.0.0.1:9/x","secret":"nope!"})"), "secret"));
        CHECK(create_error(p, std::string(R"({"url":"http://127.0.0.1:9/x","secret":")") + kSecret + "\"}") == "");
    }
}

TEST_CASE("plugins: each delivers a signed, department-shaped payload to its path", "[plugins]") {
    od::sim::DeptSim sim;
    sim.start(0, kSecret);
    int n = 0;
    for (const auto &info : kPlugins) {
        INFO(info.name);
        LoadedPlugin p(info.file);
        FakeHost host(config_for(sim, info, 2000, info.name == std::string("onedoor-socialorg") ? kSocialExtra : ""),
                      info.unit);
        Instance inst(p, host);
        const std::string job_id = "job-00000000" + std::to_string(++n);
        const std::string body = sample_body(job_id);
        od_delivery_result r = inst.deliver(job_id, body);
        CHECK(r.outcome == OD_DELIVERY_DELIVERED);
        CHECK(std::string(r.reason).empty());

        auto recs = sim.received(info.path);
        REQUIRE(recs.size() == 1);
        const auto &rec = recs[0];
        CHECK(rec.path == info.path);
        CHECK(std::string(r.reference) == "SIM-" + std::to_string(rec.seq));
        CHECK(rec.webhook_id == job_id);
        CHECK(rec.signature_valid);
        CHECK(std::llabs(std::stoll(rec.webhook_timestamp) - static_cast<long long>(std::time(nullptr))) <= 5);
        CHECK(rec.webhook_signature.rfind("v1,", 0) == 0);
        CHECK(header(rec, "x-dept") == info.unit);
        CHECK(header(rec, "content-type") == "application/json");
        CHECK(header(rec, "expect").empty());
        check_payload(info.name, rec.body, body, job_id);
    }
    CHECK(sim.received().size() == std::size(kPlugins));
}

TEST_CASE("plugins: a forged or tampered request fails the simulator's check", "[plugins]") {
    // Guards the test above: signature_valid is a real check, not always true.
    od::sim::DeptSim sim;
    sim.start(0, kSecret);
    LoadedPlugin p(OD_PLUGIN_WEBHOOK);
    json::object cfg{{"url", sim.url("/webhook")}, {"secret", "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}};
    FakeHost host(json::serialize(cfg), "dept.webhook");
    Instance inst(p, host);
    CHECK(inst.deliver("job-1", sample_body("job-1")).outcome == OD_DELIVERY_DELIVERED);
    REQUIRE(sim.received().size() == 1);
    CHECK_FALSE(sim.received()[0].signature_valid);
}

TEST_CASE("plugins: HTTP outcomes map to delivered / retry / rejected", "[plugins]") {
    od::sim::DeptSim sim;
    sim.start(0, kSecret);
    int n = 0;
    for (const auto &info : kPlugins) {
        DYNAMIC_SECTION(info.name) {
            LoadedPlugin p(info.file);
            FakeHost host(config_for(sim, info, 300, info.name == std::string("onedoor-socialorg") ? kSocialExtra : ""),
                          info.unit);
            Instance inst(p, host);
            auto deliver = [&](const std::string &mode, int retry_after = 1, int delay_ms = 0) {
                sim.set_mode(mode, info.path, 1, retry_after, delay_ms);
                std::string id = "job-map-" + std::to_string(++n);
                auto r = inst.deliver(id, sample_body(id));
                INFO("mode " << mode << " outcome " << r.outcome << " reason " << r.reason);
                return std::make_pair(r, id);
            };

            auto [ok, ok_id] = deliver("ok");
            CHECK(ok.outcome == OD_DELIVERY_DELIVERED);
            CHECK(std::string(ok.reference).rfind("SIM-", 0) == 0);

            auto [e500, id500] = deliver("500");
            CHECK(e500.outcome == OD_DELIVERY_RETRY);
            CHECK(e500.retry_after_ms == 0);
            CHECK(contains(e500.reason, "HTTP 500"));

            auto [e503, id503] = deliver("503", 4);
            CHECK(e503.outcome == OD_DELIVERY_RETRY);
            CHECK(e503.retry_after_ms == 4000);

            auto [e408, id408] = deliver("408");
            CHECK(e408.outcome == OD_DELIVERY_RETRY);
            CHECK(e408.retry_after_ms == 0);  // no Retry-After left over from the 503 before it

            auto [e429, id429] = deliver("429", 2);
            CHECK(e429.outcome == OD_DELIVERY_RETRY);
            CHECK(e429.retry_after_ms == 2000);

            od::sim::Mode date_mode;
            date_mode.mode = "429";
            date_mode.path = info.path;
            date_mode.count = 1;
            date_mode.retry_after = 3;
            date_mode.retry_after_http_date = true;
            sim.set_mode(date_mode);
            auto rd = inst.deliver("job-date-" + std::to_string(++n), sample_body("x"));
            CHECK(rd.outcome == OD_DELIVERY_RETRY);
            CHECK(rd.retry_after_ms >= 1000);  // an HTTP-date 3 s ahead, second resolution
            CHECK(rd.retry_after_ms <= 4000);

            auto t0 = std::chrono::steady_clock::now();
            auto [slow, slow_id] = deliver("slow", 1, 1500);
            auto took = std::chrono::steady_clock::now() - t0;
            CHECK(slow.outcome == OD_DELIVERY_RETRY);
            CHECK(contains(slow.reason, "timed out"));
            CHECK(took < std::chrono::milliseconds(1200));

            // reset: persistent for this path, since curl may retry once on a fresh connection
            sim.set_mode("reset", info.path);
            std::string reset_id = "job-reset-" + std::to_string(++n);
            auto reset = inst.deliver(reset_id, sample_body(reset_id));
            CHECK(reset.outcome == OD_DELIVERY_RETRY);
            CHECK(contains(reset.reason, "transport error"));

            sim.set_mode("badhttp", info.path);
            std::string bad_id = "job-badhttp-" + std::to_string(++n);
            auto bad = inst.deliver(bad_id, sample_body(bad_id));
            CHECK(bad.outcome == OD_DELIVERY_RETRY);
            sim.set_mode("ok", info.path);

            auto [garbage, garbage_id] = deliver("garbage");
            CHECK(garbage.outcome == OD_DELIVERY_DELIVERED);
            CHECK(std::string(garbage.reference) == garbage_id);  // no JSON reference: the job id

            auto [e400, id400] = deliver("400");
            CHECK(e400.outcome == OD_DELIVERY_REJECTED);
            CHECK(contains(e400.reason, "HTTP 400"));
            CHECK(contains(e400.reason, "simulated 400"));  // the department's words are kept

            auto [e404, id404] = deliver("404");
            CHECK(e404.outcome == OD_DELIVERY_REJECTED);

            // and after all that, the same instance still delivers
            auto [again, again_id] = deliver("ok");
            CHECK(again.outcome == OD_DELIVERY_DELIVERED);
            CHECK(sim.received(info.path).back().signature_valid);
        }
    }
}

TEST_CASE("plugins: connection refused and non-object bodies", "[plugins]") {
    uint16_t dead_port;
    {
        od::sim::DeptSim tmp;
        tmp.start(0, kSecret);
        dead_port = tmp.port();
    }
    for (const auto &info : kPlugins) {
        INFO(info.name);
        LoadedPlugin p(info.file);
        json::object cfg{{"url", "http://127.0.0.1:" + std::to_string(dead_port) + info.path},
                         {"secret", kSecret},
                         {"timeout_ms", 500}};
        FakeHost host(json::serialize(cfg), info.unit);
        Instance inst(p, host);
        auto r = inst.deliver("job-refused", sample_body("job-refused"));
        CHECK(r.outcome == OD_DELIVERY_RETRY);
        CHECK(contains(r.reason, "transport error"));
        CHECK(inst.poll() == 0);  // no poll_url configured: nothing to do, not an error
        // a job id that is not printable ASCII cannot be a webhook-id header or a
        // reference (found by fuzz_sdk: "//5f\xbc" came back as the reference)
        for (const char *id : {"//5f\xbc", "job-\xe4\xb8\x80", "job 1", "job-\x7f"}) {
            auto odd = inst.deliver(id, sample_body("job-odd"));
            INFO(odd.reason);
            CHECK(odd.outcome == OD_DELIVERY_REJECTED);  // by the id check, or earlier by the payload writer
            CHECK((contains(odd.reason, "no usable id") || contains(odd.reason, "UTF-8")));
        }
        if (info.name != std::string("onedoor-webhook")) {
            auto bad = inst.deliver("job-bad", "[1,2]");
            CHECK(bad.outcome == OD_DELIVERY_REJECTED);
            CHECK(contains(bad.reason, "not a JSON object"));
            auto missing = inst.deliver("job-missing", R"({"kind":"notice"})");
            CHECK(missing.outcome == OD_DELIVERY_REJECTED);
            CHECK(contains(missing.reason, "/case/id"));
        }
    }
}

TEST_CASE("plugins: poll lands department results through host->report", "[plugins]") {
    od::sim::DeptSim sim;
    sim.start(0, kSecret);
    for (const auto &info : kPlugins) {
        INFO(info.name);
        LoadedPlugin p(info.file);
        FakeHost host(config_for(sim, info), info.unit);
        Instance inst(p, host);
        CHECK(inst.poll() == 0);  // nothing queued
        sim.queue_results(info.path, std::string(R"([{"item_id":"C371502-2026-000001-1","outcome":"granted",)") +
                                         R"("amount":800,"signer":"张三","seal":"民政局","told_at":"2026-03-02T10:00:00+08:00","channel":"phone"},)" +
                                         R"({"item_id":"C371502-2026-000002-1","outcome":"denied"}])");
        CHECK(inst.poll() == 2);
        auto reps = host.reports();
        REQUIRE(reps.size() == 2);
        json::value a = json::parse(reps[0]);
        CHECK(str(a, "/item_id") == "C371502-2026-000001-1");
        CHECK(at(a, "/amount").as_int64() == 800);
        CHECK(str(a, "/signer") == "张三");
        CHECK(str(json::parse(reps[1]), "/outcome") == "denied");
        CHECK(inst.poll() == 0);  // consumed

        // the host refusing a report: not counted, logged
        host.report_status = 1;
        sim.queue_results(info.path, R"([{"item_id":"x","outcome":"granted"}, 5])");
        CHECK(inst.poll() == 0);
        bool logged = false;
        for (auto &l : host.logs()) logged = logged || contains(l, "refused by host");
        CHECK(logged);

        // a number out of double range: never reported as "Infinity", and not lost
        // silently: the log keeps the result (the GET consumed it)
        host.report_status = 0;
        size_t before = host.reports().size();
        sim.queue_raw_result(info.path, R"({"item_id":"C371502-2026-000003-1","outcome":"granted","amount":1e400})");
        CHECK(inst.poll() == 0);
        CHECK(host.reports().size() == before);
        bool kept = false;
        for (auto &l : host.logs()) kept = kept || (contains(l, "cannot be reported") && contains(l, "C371502-2026-000003-1"));
        CHECK(kept);
    }
    // a poll_url that does not answer is an error
    LoadedPlugin p(OD_PLUGIN_EDUCATION);
    json::object cfg{{"url", sim.url("/education")}, {"secret", kSecret}, {"poll_url", sim.url("/nothing-here")}};
    FakeHost host(json::serialize(cfg), "dept.education");
    Instance inst(p, host);
    CHECK(inst.poll() == -1);  // 404
}

TEST_CASE("plugins: concurrent deliver() from 4 threads on one instance", "[plugins][threads]") {
    od::sim::DeptSim sim;
    sim.start(0, kSecret, 3);
    for (const char *file : {OD_PLUGIN_WEBHOOK, OD_PLUGIN_EDUCATION, OD_PLUGIN_SOCIALORG}) {
        sim.reset();
        const PluginInfo *info = nullptr;
        for (const auto &i : kPlugins)
            if (std::string(i.file) == file) info = &i;
        REQUIRE(info);
        INFO(info->name);
        LoadedPlugin p(file);
        FakeHost host(config_for(sim, *info, 5000, kSocialExtra), info->unit);
        Instance inst(p, host);
        constexpr int kThreads = 4, kEach = 30;
        std::atomic<int> delivered{0};
        std::vector<std::string> refs[kThreads];
        std::vector<std::thread> ts;
        for (int t = 0; t < kThreads; ++t)
            ts.emplace_back([&, t] {
                for (int i = 0; i < kEach; ++i) {
                    std::string id = "job-t" + std::to_string(t) + "-" + std::to_string(i);
                    auto r = inst.deliver(id, sample_body(id));
                    if (r.outcome == OD_DELIVERY_DELIVERED) ++delivered;
                    refs[t].push_back(r.reference);
                }
            });
        for (auto &t : ts) t.join();
        CHECK(delivered == kThreads * kEach);
        auto recs = sim.received(info->path);
        REQUIRE(recs.size() == static_cast<size_t>(kThreads * kEach));
        std::set<std::string> ids, all_refs;
        for (auto &r : recs) {
            CHECK(r.signature_valid);
            ids.insert(r.webhook_id);
            CHECK(json::parse(r.body).is_object());
        }
        for (auto &v : refs) all_refs.insert(v.begin(), v.end());
        CHECK(ids.size() == static_cast<size_t>(kThreads * kEach));
        CHECK(all_refs.size() == static_cast<size_t>(kThreads * kEach));
        // connections are reused: far fewer than one per request
        auto stats = json::parse(sim.stats_json());
        CHECK(stats.at("connections_accepted").to_number<uint64_t>() < static_cast<uint64_t>(kThreads * kEach) / 2);
    }
}

TEST_CASE("plugins: socialorg counts working days past holidays from config", "[plugins]") {
    od::sim::DeptSim sim;
    sim.start(0, kSecret);
    LoadedPlugin p(OD_PLUGIN_SOCIALORG);
    FakeHost host(config_for(sim, kPlugins[5], 2000, R"("holidays":["2026-03-04"])"), "dept.socialorg");
    Instance inst(p, host);
    REQUIRE(inst.deliver("job-h", sample_body("job-h")).outcome == OD_DELIVERY_DELIVERED);
    auto body = json::parse(sim.received("/socialorg").at(0).body);
    CHECK(str(body, "/feedback_due") == "2026-03-06");  // Mon + 3 working days, Wed off
    CHECK(at(body, "/contact/phone").is_null());         // no phone configured for the window
}

TEST_CASE("plugins: a module can be unloaded and loaded again", "[plugins][abi]") {
    od::sim::DeptSim sim;
    sim.start(0, kSecret);
    for (int round = 0; round < 2; ++round) {
        for (const auto &info : kPlugins) {
            LoadedPlugin p(info.file);
            FakeHost host(config_for(sim, info), info.unit);
            Instance inst(p, host);
            CHECK(inst.deliver("job-r", sample_body("job-r")).outcome == OD_DELIVERY_DELIVERED);
        }
    }
    CHECK(sim.received().size() == 2 * std::size(kPlugins));
}

TEST_CASE("plugins: credentials by reference, kept out of the district configuration", "[plugins]") {
    od::sim::DeptSim sim;
    sim.start(0, kSecret);
    char dir_tmpl[] = "/tmp/od-cred-XXXXXX";
    std::string dir = mkdtemp(dir_tmpl);
    std::string secret_file = dir + "/webhook.secret";
    {
        FILE *f = std::fopen(secret_file.c_str(), "w");
        REQUIRE(f);
        std::fprintf(f, "%s\n", kSecret);
        std::fclose(f);
    }
    setenv("OD_TEST_DEPT_TOKEN", "Bearer t0k3n-for-tests", 1);
    json::object cfg{{"url", sim.url("/webhook")}, {"secret_file", secret_file},
                     {"authorization_env", "OD_TEST_DEPT_TOKEN"}, {"timeout_ms", 2000}};
    LoadedPlugin p(OD_PLUGIN_WEBHOOK);
    FakeHost host(json::serialize(cfg), "dept.webhook");
    Instance inst(p, host);
    od_delivery_result r = inst.deliver("job-000000777", sample_body("job-000000777"));
    CHECK(r.outcome == OD_DELIVERY_DELIVERED);
    auto recs = sim.received("/webhook");
    REQUIRE(recs.size() == 1);
    CHECK(recs[0].signature_valid);  // the secret came from the file
    CHECK(header(recs[0], "authorization") == "Bearer t0k3n-for-tests");
    unsetenv("OD_TEST_DEPT_TOKEN");
    std::remove(secret_file.c_str());
    rmdir(dir.c_str());
}
