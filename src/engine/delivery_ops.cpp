// Delivery jobs as the API shows them: the paged list (reads) and an officer's retry of
// a dead letter (writes: the job is pending again and the case records the retry).
#include "domain/case_json.h"
#include "engine/op.h"

namespace od {
namespace json = boost::json;

namespace {

constexpr int64_t kDefaultJobPage = 100;
constexpr int64_t kMaxJobPage = 1000;

// The keyset cursor of delivery.list: opaque to callers ("d1." and the last seq), so
// that its form may change without changing the API.
std::string job_cursor(int64_t seq) { return "d1." + std::to_string(seq); }

int64_t parse_job_cursor(const std::string& text) {
  const std::string prefix = "d1.";
  bool ok = text.size() > prefix.size() && text.size() <= prefix.size() + 18 && text.compare(0, prefix.size(), prefix) == 0;
  int64_t seq = 0;
  for (size_t i = prefix.size(); ok && i < text.size(); ++i) {
    ok = text[i] >= '0' && text[i] <= '9';
    seq = seq * 10 + (text[i] - '0');
  }
  if (!ok) invalid("after", "is not a cursor this operation returned as \"next\"");
  return seq;
}

}  // namespace

json::object job_json(const JobRow& j, bool with_body) {
  json::object o;
  o["id"] = j.id;
  o["case_id"] = j.case_id;
  if (!j.item_id.empty()) o["item_id"] = j.item_id;
  o["unit"] = j.unit;
  o["kind"] = j.kind;
  o["state"] = j.state;
  o["attempts"] = j.attempts;
  o["created_at"] = format_instant(j.created_at);
  if (parse_job_state(j.state) == JobState::Pending) o["next_at"] = format_instant(j.next_at);
  if (!j.held_reason.empty()) o["held"] = j.held_reason;
  if (!j.last_error.empty()) o["last_error"] = j.last_error;
  if (!j.reference.empty()) o["reference"] = j.reference;
  if (j.delivered_at) o["delivered_at"] = format_instant(*j.delivered_at);
  if (j.dead_at) o["dead_at"] = format_instant(*j.dead_at);
  if (with_body) o["body"] = json::parse(j.body);
  return o;
}

json::value op_delivery_list(Op& op) {
  StoreTx::JobQuery q;
  q.case_id = op.req.opt_str("case_id", 64);
  q.state = op.req.opt_one_of("state", job_states().names());
  if (q.case_id) op.load_case("case_id");  // visibility
  else if (!op.actor.is_district_window())
    fail(OD_ERR_FORBIDDEN, "only the district window lists every delivery; name a case_id", "case_id");
  q.limit = op.req.opt_integer("limit", 1, kMaxJobPage).value_or(kDefaultJobPage);
  if (auto after = op.req.opt_str("after", 64)) q.after_seq = parse_job_cursor(*after);
  q.with_body = op.req.opt_bool("with_body").value_or(false);
  std::vector<JobRow> jobs = op.store.jobs(q);
  json::array out;
  for (const auto& j : jobs) out.push_back(job_json(j, q.with_body));
  json::object o;
  o["jobs"] = std::move(out);
  if (static_cast<int64_t>(jobs.size()) == q.limit) o["next"] = job_cursor(jobs.back().seq);  // pass as "after"
  return o;
}

json::value op_delivery_retry(Op& op) {
  std::string id = op.req.str("job_id", 64);
  auto j = op.store.job(id);
  if (!j) fail(OD_ERR_NOT_FOUND, "no delivery job '" + id + "'", "job_id");
  auto found = op.store.find_case(j->case_id);
  if (!found) fail(OD_ERR_INTERNAL, "job " + id + " names a case that does not exist", "job_id");
  const Case& c = *found;
  // a job of a case the actor may not see is, for it, a job that does not exist
  if (!can_see(op.actor, c)) fail(OD_ERR_NOT_FOUND, "no delivery job '" + id + "'", "job_id");
  if (!op.actor.is_window() || (!op.actor.is_district_window() && op.actor.unit != c.window))
    fail(OD_ERR_FORBIDDEN, "only the case's window or the district window retries a delivery", "actor.unit");
  std::string reason = op.req.str("reason", kMaxTextString);
  if (!op.store.job_revive(id, op.now)) fail(OD_ERR_CONFLICT, "job " + id + " is " + j->state + ", not dead", "job_id");
  op.event(c, j->item_id, "delivery_retried", name(JobState::Dead), name(JobState::Pending), json::object{{"job_id", id}, {"reason", reason}, {"attempts", j->attempts}});
  op.wrote_jobs = true;
  return job_json(*op.store.job(id), false);
}

}  // namespace od
