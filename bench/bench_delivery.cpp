// Deliveries per second through the engine (outbox claim, plugin, Standard Webhooks
// signing, libcurl, result recorded) to the loopback department-system simulator,
// against raw libcurl posting the same bodies to the same server with the same
// concurrency, measured in the same run. Prints both rates and the ratio (target 0.7).
#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "dept_sim.hpp"
#include "onedoor/onedoor.h"
#include "synthetic.h"

namespace json = boost::json;

namespace {

const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

std::string call(od_engine* e, const char* op, const std::string& req) {
  char* resp = nullptr;
  int32_t rc = od_call(e, op, req.c_str(), &resp);
  std::string out = resp ? resp : "";
  od_free(resp);
  if (rc != OD_OK) {
    std::fprintf(stderr, "%s failed: %s\n", op, out.c_str());
    std::exit(1);
  }
  return out;
}

std::string config(const std::string& db, const od::sim::DeptSim& sim) {
  json::object plugin{{"file", std::string(ONEDOOR_PLUGIN_DIR) + "/libod_webhook.so"},
                      {"config", json::object{{"url", sim.url("/education")}, {"secret", kSecret}, {"timeout_ms", 5000}}}};
  json::object cfg{{"database", db},
                   {"district_file", std::string(ONEDOOR_SOURCE_DIR) + "/config/dongchangfu.json"},
                   {"clock", "manual"},
                   {"clock_start", "2026-03-02T09:00:00+08:00"},
                   {"plugins", json::object{{"dept.education", plugin}}},
                   {"delivery", json::object{{"workers", 0}, {"batch", 64}}}};
  return json::serialize(cfg);
}

size_t discard(char*, size_t size, size_t n, void*) { return size * n; }

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 2000;
  int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  std::string dir = argc > 3 ? argv[3] : ".";
  curl_global_init(CURL_GLOBAL_DEFAULT);
  od::sim::DeptSim sim;
  sim.start(0, kSecret, 2);
  sim.set_max_records(1000);

  // Write n notices (one transfer each) into the outbox, nothing delivered yet.
  std::string db = dir + "/bench_delivery.db";
  std::remove(db.c_str());
  std::vector<std::string> bodies;
  {
    od_engine* e = nullptr;
    char* err = nullptr;
    if (od_open(config(db, sim).c_str(), &e, &err) != OD_OK) {
      std::fprintf(stderr, "open: %s\n", err);
      return 1;
    }
    for (int i = 0; i < n; ++i) {
      char id[19];
      od_synthetic_id(500000 + i, id);
      json::object req{{"actor", json::object{{"officer", "B"}, {"unit", "district"}, {"role", "officer"}}},
                       {"applicant", json::object{{"name", "测试"}, {"id_number", id}, {"hukou_town", "gulou"}}},
                       {"hardship", "因学致贫"}, {"categories", json::array{"education"}}};
      json::value r = json::parse(call(e, "intake", json::serialize(req)));
      json::object route{{"actor", req["actor"]}, {"item_id", r.at("items").at(0).at("id")}, {"type", "transfer"}};
      call(e, "route", json::serialize(route));
    }
    // every body, a page at a time
    std::string after;
    for (;;) {
      json::object req{{"actor", json::object{{"officer", "B"}, {"unit", "district"}, {"role", "officer"}}},
                       {"with_body", true}, {"limit", 1000}};
      if (!after.empty()) req["after"] = after;
      json::value list = json::parse(call(e, "delivery.list", json::serialize(req)));
      for (const auto& j : list.at("jobs").as_array()) bodies.push_back(json::serialize(j.at("body")));
      if (!list.as_object().contains("next")) break;
      after = std::string(list.at("next").as_string());
    }
    od_close(e);
  }
  if (static_cast<int>(bodies.size()) != n) {
    std::fprintf(stderr, "expected %d jobs, found %zu\n", n, bodies.size());
    return 1;
  }

  // Rounds alternate the engine and raw libcurl so that machine noise hits both alike;
  // each engine round starts from a fresh copy of the database with every job pending.
  const int rounds = 3;
  std::vector<double> engine_times, raw_times;
  for (int round = 0; round < rounds; ++round) {
    std::string copy = dir + "/bench_delivery_round.db";
    std::filesystem::copy_file(db, copy, std::filesystem::copy_options::overwrite_existing);
    od_engine* e = nullptr;
    char* err = nullptr;
    if (od_open(config(copy, sim).c_str(), &e, &err) != OD_OK) {
      std::fprintf(stderr, "open: %s\n", err);
      return 1;
    }
    // the engine: `threads` callers of delivery.run, each claiming jobs from the outbox
    auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([e] {
        for (;;) {
          json::value r = json::parse(call(e, "delivery.run", "{\"max\":100000}"));
          if (r.at("attempted").as_int64() == 0) break;
        }
      });
    for (auto& t : pool) t.join();
    engine_times.push_back(seconds_since(t0));
    json::value pending = json::parse(call(e, "delivery.list",
        "{\"actor\":{\"officer\":\"B\",\"unit\":\"district\",\"role\":\"officer\"},\"state\":\"pending\"}"));
    od_close(e);
    if (!pending.at("jobs").as_array().empty()) {
      std::fprintf(stderr, "%zu jobs still pending\n", pending.at("jobs").as_array().size());
      return 1;
    }

    // raw libcurl: the same bodies, the same server, the same number of threads, one
    // kept-alive connection per thread
    std::atomic<int> next{0}, failures{0};
    std::string url = sim.url("/education");
    pool.clear();
    t0 = std::chrono::steady_clock::now();
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&] {
        CURL* c = curl_easy_init();
        curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
        for (int i; (i = next.fetch_add(1)) < n;) {
          curl_easy_setopt(c, CURLOPT_POSTFIELDS, bodies[i].c_str());
          curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(bodies[i].size()));
          long code = 0;
          if (curl_easy_perform(c) != CURLE_OK || (curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code), code != 200))
            failures++;
        }
        curl_slist_free_all(headers);
        curl_easy_cleanup(c);
      });
    for (auto& t : pool) t.join();
    raw_times.push_back(seconds_since(t0));
    if (failures) std::fprintf(stderr, "raw: %d failures\n", failures.load());
  }
  std::sort(engine_times.begin(), engine_times.end());
  std::sort(raw_times.begin(), raw_times.end());
  double engine_s = engine_times[rounds / 2], raw_s = raw_times[rounds / 2];  // medians

  double engine_rate = n / engine_s, raw_rate = n / raw_s;
  std::printf("deliveries: %d per round, %d rounds (medians), concurrency %d, body %zu bytes\n", n, rounds, threads, bodies[0].size());
  std::printf("onedoor (outbox+plugin+libcurl): %9.1f /s\n", engine_rate);
  std::printf("raw libcurl, same server/body:   %9.1f /s\n", raw_rate);
  std::printf("ratio onedoor/raw: %.2f (target >= 0.7)\n", engine_rate / raw_rate);
  sim.stop();
  curl_global_cleanup();
  return 0;
}
