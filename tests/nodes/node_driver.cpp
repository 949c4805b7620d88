// node_driver - one portal process ("node") for the multi-process tests, using only the
// public C API. It writes one line to LOG (O_APPEND, one write(2) per line, so a SIGKILL
// loses nothing already written) for every call that returned OK, after it returned:
//
//   node_driver CONFIG intake FIRST COUNT LOG START_MS
//       COUNT applications of persons FIRST.. ("A <case_id>"); exit 1 at the first call
//       that is not OK (after logging "E <status> <response>")
//   node_driver CONFIG same PERSON LOG START_MS
//       one application of PERSON for dibao ("S <case_id> created|resubmission|merged")
//   node_driver CONFIG deliver
//       opens the engine and lets its delivery workers run until killed
//   node_driver CONFIG work FIRST SEED POOL LOG END_MS
//       intakes (education) of persons drawn from FIRST..FIRST+POOL-1 (a pool the nodes
//       share, so they apply for the same people at once), routes each new item to the
//       department, answers it as the department and archives the case once its jobs are
//       delivered, until END_MS; then waits (at most 30 s) until no job is pending.
//       Lines: "A <case>" intake created, "D <case>" a resubmission, "R <item>" routed,
//       "F <item> <outcome>" answered, "X <case>" archived.
// Every START_MS / END_MS is Unix ms: processes started one by one begin together.
#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <random>
#include <string>
#include <thread>

#include "engine_client.hpp"

using namespace odtest;

namespace {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void sleep_until_ms(int64_t at) {
  int64_t wait = at - now_ms();
  if (wait > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait));
}

// RFC 3339 in China Standard Time, whole seconds.
std::string rfc3339(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
  return buf;
}

class Log {
 public:
  explicit Log(const char* path) : fd_(open(path, O_WRONLY | O_CREAT | O_APPEND, 0644)) {
    if (fd_ < 0) {
      std::perror(path);
      std::exit(2);
    }
  }
  ~Log() { close(fd_); }
  void line(const std::string& s) {
    std::string l = s + "\n";
    if (write(fd_, l.data(), l.size()) != static_cast<ssize_t>(l.size())) std::exit(2);
  }

 private:
  int fd_;
};

json::object applicant(unsigned n) {
  return json::object{{"name", "测试" + std::to_string(n)}, {"id_number", synthetic_id(n)}, {"hukou_town", "gulou"}};
}

// Received a minute ago, so that an answer given "now" (whole seconds) is never before it.
json::object intake_req(unsigned person, const char* category) {
  return json::object{{"actor", actor("district")},
                      {"applicant", applicant(person)},
                      {"hardship", "因病致贫"},
                      {"received_at", rfc3339(now_ms() - 60'000)},
                      {"categories", json::array{category}}};
}

std::string str(const json::value& v, const char* ptr) { return std::string(v.at_pointer(ptr).as_string()); }

int run_intake(const EngineClient& e, unsigned first, unsigned count, Log& log, int64_t start) {
  sleep_until_ms(start);
  for (unsigned n = first; n < first + count; ++n) {
    Reply r = e.call("intake", intake_req(n, "dibao"));
    if (r.status != OD_OK) {
      log.line("E " + std::to_string(r.status) + " " + json::serialize(r.body));
      return 1;
    }
    log.line("A " + str(r.body, "/case_id"));
  }
  return 0;
}

int run_same(const EngineClient& e, unsigned person, Log& log, int64_t start) {
  sleep_until_ms(start);
  Reply r = e.call("intake", intake_req(person, "dibao"));
  if (r.status != OD_OK) {
    log.line("E " + std::to_string(r.status) + " " + json::serialize(r.body));
    return 1;
  }
  const json::object& o = r.body.as_object();
  std::string how = o.at("created").as_bool() ? "created" : "?";
  if (o.contains("resubmission") && o.at("resubmission").as_bool()) how = "resubmission";
  if (o.contains("items"))
    for (const auto& it : o.at("items").as_array())
      if (it.as_object().contains("outcome") && it.at("outcome") == "merged") how = "merged";
  log.line("S " + str(r.body, "/case_id") + " " + how);
  return 0;
}

bool pending_jobs(const EngineClient& e) {
  json::value p = e.ok("delivery.list", json::object{{"actor", actor("district")}, {"state", "pending"}, {"limit", 1}});
  return !p.at("jobs").as_array().empty();
}

int run_work(const EngineClient& e, unsigned first, unsigned seed, unsigned pool, Log& log, int64_t end) {
  std::mt19937 rng(seed);
  std::deque<std::string> routed;     // items at the department, oldest first
  std::deque<std::string> answered;   // cases whose items are all answered, to archive
  auto fail = [&](const std::string& op, const Reply& r) {
    log.line("E " + op + " " + std::to_string(r.status) + " " + json::serialize(r.body));
    return 1;
  };
  while (now_ms() < end) {
    unsigned person = first + rng() % pool;
    Reply r = e.call("intake", intake_req(person, "education"));
    if (r.status != OD_OK) return fail("intake", r);
    std::string case_id = str(r.body, "/case_id");
    const json::object& o = r.body.as_object();
    if (o.at("created").as_bool()) {
      log.line("A " + case_id);
      const json::value& item = o.at("items").as_array().at(0);
      if (item.at("state") == "at_window") {
        std::string item_id(item.at("id").as_string());
        Reply rr = e.call("route", json::object{{"actor", actor("district")}, {"item_id", item_id}, {"type", "transfer"}});
        if (rr.status != OD_OK) return fail("route", rr);
        log.line("R " + item_id);
        routed.push_back(item_id);
      } else {
        answered.push_back(case_id);  // merged into an earlier item: closed at once
      }
    } else {
      log.line("D " + case_id);
    }
    // the department answers what it holds a little later, mostly refusing (so that the
    // person may apply again), sometimes granting (so that later applications merge)
    while (routed.size() > 2) {
      std::string item_id = routed.front();
      routed.pop_front();
      bool grant = rng() % 6 == 0;
      json::object fb{{"actor", actor("dept.education", "head")},
                      {"item_id", item_id},
                      {"outcome", grant ? "granted" : "refused"},
                      {"opinion", "经核查"},
                      {"told_at", rfc3339(now_ms())},
                      {"channel", "phone"},
                      {"signer", "主任"},
                      {"seal", "SEAL-1"}};
      if (grant) fb["amount"] = 500;
      Reply fr = e.call("feedback", fb);
      if (fr.status != OD_OK) return fail("feedback", fr);
      log.line("F " + item_id + (grant ? " granted" : " refused"));
      answered.push_back(item_id.substr(0, item_id.rfind('-')));
    }
    // archive what was answered once its jobs are delivered (CONFLICT until then)
    for (size_t k = answered.size(); k > 0 && !answered.empty(); --k) {
      std::string c = answered.front();
      answered.pop_front();
      Reply ar = e.call("archive", json::object{{"actor", actor("district")}, {"case_id", c}});
      if (ar.status == OD_OK) {
        log.line("X " + c);
      } else if (ar.status == OD_ERR_CONFLICT) {
        answered.push_back(c);
        break;  // the oldest is not ready: the younger ones are not either
      } else {
        return fail("archive", ar);
      }
    }
  }
  for (int64_t give_up = now_ms() + 30'000; now_ms() < give_up && pending_jobs(e);)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: node_driver CONFIG intake|same|deliver|work ...\n");
    return 2;
  }
  try {
    EngineClient e(argv[1]);
    std::string mode = argv[2];
    if (mode == "intake" && argc == 7) {
      Log log(argv[5]);
      return run_intake(e, std::stoul(argv[3]), std::stoul(argv[4]), log, std::stoll(argv[6]));
    }
    if (mode == "same" && argc == 6) {
      Log log(argv[4]);
      return run_same(e, std::stoul(argv[3]), log, std::stoll(argv[5]));
    }
    if (mode == "deliver") {
      for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    if (mode == "work" && argc == 8) {
      Log log(argv[6]);
      return run_work(e, std::stoul(argv[3]), std::stoul(argv[4]), std::stoul(argv[5]), log, std::stoll(argv[7]));
    }
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "node_driver: %s\n", ex.what());
    return 3;
  }
  std::fprintf(stderr, "node_driver: bad arguments\n");
  return 2;
}
