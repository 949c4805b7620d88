#include "engine/engine.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <new>
#include <sstream>

#include "delivery/job_body.h"
#include "domain/deadline_marks.h"
#include "delivery/job_id.h"
#include "engine/calendar_ops.h"
#include "engine/case_index.h"
#include "engine/database_config.h"
#include "engine/log.h"
#include "engine/op.h"
#include "engine/operations.h"
#include "render/render_ops.h"
#include "rules/roles.h"
#include "util/failure.h"
#include "util/json_duplicates.h"
#include "util/utf8.h"

namespace od {
namespace json = boost::json;

std::string error_document(int32_t status, const std::string& message, const std::string& field) {
  json::object e;
  e["status"] = status;
  e["code"] = status_name(status);
  // bounded and valid UTF-8 whatever the caller sent (an operation name, say)
  e["message"] = sanitize_utf8(message, 1024);
  if (!field.empty()) e["field"] = sanitize_utf8(field, 256);
  json::object doc;
  doc["error"] = std::move(e);
  return json::serialize(doc);
}

namespace {

// `prefix` is the path of the text's root in error fields ("district." for the district file).
json::value parse_json(std::string_view text, const char* what, int32_t status, const std::string& prefix = "") {
  json::parse_options opts;
  opts.max_depth = 64;
  opts.allow_invalid_utf8 = true;  // checked below, so that the error names the field
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, {}, opts);
  if (ec) fail(status, std::string(what) + " is not valid JSON: " + ec.message());
  if (auto path = first_invalid_utf8(v)) fail(status, "is not valid UTF-8", *path);
  if (auto key = first_duplicate_key(text)) fail(status, "is given twice", prefix + *key);
  return v;
}

std::string read_file(const std::string& path, const std::string& field) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(OD_ERR_CONFIG, "cannot read '" + path + "'", field);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::unique_ptr<Engine> Engine::open(std::string_view config_json) {
  json::value cv = parse_json(config_json, "the configuration", OD_ERR_CONFIG);
  if (!cv.is_object()) fail(OD_ERR_CONFIG, "the configuration must be a JSON object");
  std::unique_ptr<Engine> e(new Engine());
  DeliveryConfig dc;
  StoreOptions so;
  DatabaseConfig dbc;
  json::value district_json;
  std::string base_dir;
  try {
    validate_fields(cv.get_object(), config_fields(), "");  // {"clok": ...} is refused, naming clok
    Fields f(cv.get_object(), "", &config_fields(), nullptr);
    dbc = parse_database_config(f);
    e->db_path_ = describe_database(dbc);
    e->db_backend_ = dbc.backend == DatabaseConfig::Backend::Postgres ? "postgresql" : "sqlite";
    e->calendar_dir_ = f.opt_str("calendar_dir", 4096).value_or("");
    if (f.has("district")) {
      district_json = cv.get_object().at("district");
    } else {
      std::string file = f.str("district_file", 4096);
      district_json = parse_json(read_file(file, "district_file"), "district_file", OD_ERR_CONFIG, "district.");
    }
    base_dir = f.opt_str("plugin_dir", 4096).value_or(default_plugin_dir());
    // plugins given in the engine configuration add to (or replace) the district's
    if (auto pl = f.opt_obj("plugins")) {
      if (!district_json.is_object()) fail(OD_ERR_CONFIG, "must be an object", "district");
      json::object& dobj = district_json.get_object();
      if (!dobj.contains("plugins") || !dobj["plugins"].is_object()) dobj["plugins"] = json::object();
      for (const auto& kv : pl->object()) dobj["plugins"].get_object()[kv.key()] = kv.value();
    }
    std::string clock = f.opt_one_of("clock", {"system", "manual"}).value_or("system");
    e->clock_.configure(clock == "manual", f.opt_instant("clock_start").value_or(0));
    e->log_.configure(f.opt_str("log_file", 4096).value_or(""),
                      *EngineLog::level_from_name(f.opt_one_of("log_level", {"debug", "info", "warn", "error"}).value_or("info")),
                      f.opt_bool("log_syslog").value_or(false));
    so.read_only = f.opt_bool("read_only").value_or(false);
    so.exclusive = f.opt_bool("exclusive").value_or(false);
    if (auto dv = f.opt_obj("delivery")) {
      dc.workers = static_cast<int>(dv->opt_integer("workers", 0, 64).value_or(dc.workers));
      dc.batch = static_cast<int>(dv->opt_integer("batch", 1, 1000).value_or(dc.batch));
      dc.lease_ms = dv->opt_integer("lease_ms", 100, 86'400'000).value_or(dc.lease_ms);
      dc.idle_ms = dv->opt_integer("idle_ms", 1, 60'000).value_or(dc.idle_ms);
      dc.poll_interval_ms = dv->opt_integer("poll_interval_ms", 0, 86'400'000).value_or(0);
      dc.retry.base_ms = dv->opt_integer("backoff_base_ms", 1, 86'400'000).value_or(dc.retry.base_ms);
      dc.retry.cap_ms = dv->opt_integer("backoff_cap_ms", 1, 7 * 86'400'000LL).value_or(dc.retry.cap_ms);
      dc.retry.max_attempts = static_cast<int>(dv->opt_integer("max_attempts", 1, 1000).value_or(dc.retry.max_attempts));
      dc.retry.max_period_ms = dv->opt_integer("max_period_s", 1, 365 * 86'400LL).value_or(dc.retry.max_period_ms / 1000) * 1000;
    }
  } catch (const Failure& fl) {
    throw Failure(fl.status() == OD_ERR_INVALID || fl.status() == OD_ERR_TOO_LARGE ? OD_ERR_CONFIG : fl.status(),
                  fl.what(), fl.field());
  }
  e->district_ = parse_district(district_json, base_dir);
  // Holiday years published after a release: one file per year (or several) in the
  // calendar directory, loaded without rebuilding. A year the district file has wins.
  const json::object& co = cv.get_object();
  if (e->calendar_dir_.empty() && co.contains("district_file"))
    e->calendar_dir_ =
        (std::filesystem::path(std::string(co.at("district_file").get_string())).parent_path() / "calendar").string();
  std::set<int> file_years = e->read_calendar_files(e->district_);
  Engine* self = e.get();
  so.max_pages = dbc.max_pages;
  e->store_ = open_store(dbc, [self](const Case& c) { return index_case(self->district_, c); }, so);
  // A previous process may have died with jobs leased: when this engine owns the
  // database alone, they are due again at once (same id, same body). A shared engine
  // cannot tell a dead owner from a live one in another process, so it leaves them to
  // expire (lease_ms).
  if (so.exclusive && !so.read_only) e->store_->write(Durability::Full, [](StoreTx& tx) { tx.release_leases(); });
  // A year's file that arrived since this database last saw it: open deadlines follow it
  // now, once, each moved case with a deadlines_recomputed event.
  if (!file_years.empty() && !so.read_only)
    e->store_->write(Durability::Full, [&](StoreTx& tx) {
      std::set<int> fresh = years_new_to_database(tx, file_years);
      if (fresh.empty()) return;
      static const json::object kNoRequest;
      Actor system{"system", e->district_.district_window(), "supervisor", UnitKind::DistrictWindow, ""};
      Op op{*e, e->district_, tx, Fields(kNoRequest, ""), system, e->clock_.now()};
      District before = e->district_;
      before.calendar = e->district_.calendar.without(fresh);
      int64_t changed = restate_open_cases(op, &before, fresh);
      e->log(OD_LOG_INFO, "calendar years loaded from " + e->calendar_dir_ + "; " + std::to_string(changed) +
                              " case(s) recomputed");
    });
  // A read-only engine (a report beside a running portal) delivers nothing.
  if (so.read_only) dc.workers = 0;
  e->plugins_ = std::make_unique<PluginHost>(
      [self](const std::string& unit, const std::string& js, std::string& err) {
        return self->report_from_plugin(unit, js, err);
      },
      [self](int level, const std::string& line) { self->log(level, line); },
      [self] { return self->clock_.now(); });
  // The dispatcher exists before any plugin does: a plugin may report (and so write
  // jobs and wake the dispatcher) from its create().
  e->dispatcher_ = std::make_unique<Dispatcher>(*e->store_, *e->plugins_, e->clock_, dc,
                                                [self](int level, const std::string& line) { self->log(level, line); });
  if (!so.read_only) e->plugins_->load(e->district_.plugins);
  e->dispatcher_->start();
  e->log(OD_LOG_INFO, "engine open: " + e->db_path_);
  json::object effective = e->effective_config(base_dir);
  effective["read_only"] = so.read_only;
  effective["exclusive"] = so.exclusive;
  e->log(OD_LOG_INFO, "configuration: " + json::serialize(effective));
  return e;
}

Engine::~Engine() {
  // Workers first (no call into a plugin is in flight after this), then the plugins
  // (whose destroy() may still report through the engine), then the rest.
  if (dispatcher_) dispatcher_->stop();
  if (plugins_) plugins_->shutdown();  // while the engine is whole: destroy() may report
  plugins_.reset();
  dispatcher_.reset();
  store_.reset();
}

void Engine::log(int level, const std::string& line) { log_.write(level, line); }

json::array Engine::recent_log() const { return log_.recent(); }

// What this engine runs with, defaults included, for the log at open; secrets hidden.
json::object Engine::effective_config(const std::string& plugin_dir) const {
  const DeliveryConfig& d = dispatcher_->config();
  json::object plugins;
  for (const auto& [unit, spec] : district_.plugins)
    plugins[unit] = json::object{{"file", spec.file}, {"config", redact_secrets(spec.config)}};
  return json::object{
      {"database", db_path_},
      {"backend", db_backend_},
      {"district", district_.code},
      {"plugin_dir", plugin_dir},
      {"plugins", std::move(plugins)},
      {"clock", clock_.manual() ? "manual" : "system"},
      {"log_level", EngineLog::level_name(log_.min_level())},
      {"delivery", json::object{{"workers", d.workers}, {"batch", d.batch}, {"lease_ms", d.lease_ms},
                                {"idle_ms", d.idle_ms}, {"poll_interval_ms", d.poll_interval_ms},
                                {"backoff_base_ms", d.retry.base_ms}, {"backoff_cap_ms", d.retry.cap_ms},
                                {"max_attempts", d.retry.max_attempts},
                                {"max_period_s", d.retry.max_period_ms / 1000}}}};
}

int32_t Engine::report_from_plugin(const std::string& unit, const std::string& js, std::string& error) {
  json::object req;
  try {
    json::value v = json::parse(js);
    if (auto key = first_duplicate_key(js)) {  // a report is a request like any other
      error = "the report gives '" + *key + "' twice";
      return OD_ERR_INVALID;
    }
    if (!v.is_object()) {
      error = "the report must be a JSON object";
      return OD_ERR_INVALID;
    }
    req = v.get_object();
  } catch (const std::exception& e) {
    error = std::string("the report is not valid JSON: ") + e.what();
    return OD_ERR_INVALID;
  }
  json::object actor;
  actor["officer"] = "plugin:" + unit;
  actor["unit"] = unit;
  actor["role"] = "head";  // the department's system sends the result its head signed
  req["actor"] = std::move(actor);
  // an organisation's answer to a help request names the request; anything else is a result
  const char* operation = req.contains("broadcast") ? "help.offer" : "feedback";
  if (req.contains("broadcast")) req["actor"].as_object()["role"] = "handler";
  auto [status, response] = call(operation, json::serialize(req));
  if (status != OD_OK) error = response;
  return status;
}

std::pair<int32_t, std::string> Engine::call(std::string_view operation, std::string_view request) {
  try {
    if (request.size() > kMaxRequestBytes)
      fail(OD_ERR_TOO_LARGE, "the request is larger than " + std::to_string(kMaxRequestBytes) + " bytes");
    json::value rv = parse_json(request, "the request", OD_ERR_INVALID);  // od_call passes "{}" for NULL
    if (!rv.is_object()) fail(OD_ERR_INVALID, "the request must be a JSON object");
    const OpDecl* decl = find_operation(operation);
    if (!decl) fail(OD_ERR_UNKNOWN_OP, "unknown operation '" + std::string(operation) + "'", "operation");
    ReadLog reads;
    Fields req(rv.get_object(), "", &decl->fields, &reads);
    if (decl->mode == OpMode::Engine) {
      validate_fields(rv.get_object(), decl->fields, "");
      json::value result = decl->engine_fn(*this, req);
      coverage_.record(*decl, rv.get_object(), reads, true);
      return {OD_OK, json::serialize(result)};
    }

    Actor actor = parse_actor(req, district_);
    Millis now = clock_.now();
    std::string role_issue = role_problem(operation, actor.kind, actor.role);
    if (!role_issue.empty()) fail(OD_ERR_FORBIDDEN, role_issue, "actor.role");
    // then the declaration: an unknown field, a wrong type, a value out of range or not
    // allowed is refused before the operation runs
    validate_fields(rv.get_object(), decl->fields, "");
    json::value result;
    bool wrote_jobs = false;
    auto run = [&](StoreTx& tx) {
      Op op{*this, district_, tx, req, actor, now};
      op.operation = operation;
      try {
        result = decl->fn(op);
      } catch (...) {
        coverage_.record(*decl, rv.get_object(), reads, false);  // the paths an error takes count too
        throw;
      }
      wrote_jobs = op.wrote_jobs;
    };
    if (decl->writes()) store_->write(Durability::Full, run);
    else store_->read(run);
    coverage_.record(*decl, rv.get_object(), reads, true);
    mark_provisional_deadlines(district_.calendar, now, result);
    if (wrote_jobs) dispatcher_->wake();
    return {OD_OK, json::serialize(result)};
  } catch (const Failure& f) {
    return {f.status(), error_document(f.status(), f.what(), f.field())};
  } catch (const std::bad_alloc&) {
    return {OD_ERR_NOMEM, error_document(OD_ERR_NOMEM, "out of memory", "")};
  } catch (const std::exception& e) {
    log(OD_LOG_ERROR, std::string("internal error in ") + std::string(operation) + ": " + e.what());
    return {OD_ERR_INTERNAL, error_document(OD_ERR_INTERNAL, e.what(), "")};
  }
}

std::set<int> Engine::read_calendar_files(District& into) {
  std::set<int> added;
  for (const std::string& file : calendar_files(calendar_dir_)) {
    std::string field = "calendar_dir:" + file.substr(file.rfind('/') + 1);
    json::value cal = parse_json(read_file(file, "calendar_dir"), "a calendar file", OD_ERR_CONFIG, field + ".");
    for (int y : into.calendar.merge(parse_calendar(cal, field))) added.insert(y);
  }
  return added;
}

// ---- Op helpers -------------------------------------------------------------------------

std::string item_case_id(const std::string& item_id) {
  auto dash = item_id.rfind('-');
  return dash == std::string::npos ? std::string() : item_id.substr(0, dash);
}

Case Op::load_case(const std::string& field) {
  std::string id = req.str(field, 64);
  std::optional<Case> found = store.find_case(id);
  if (!found) fail(OD_ERR_NOT_FOUND, "no case '" + id + "'", field);
  Case c = std::move(*found);
  // A case the actor may not see answers exactly as one that does not exist.
  if (!can_see(actor, c)) fail(OD_ERR_NOT_FOUND, "no case '" + id + "'", field);
  return c;
}

Case Op::load_case_for_write(const std::string& field) {
  Case c = load_case(field);
  if (c.state == CaseState::Archived) fail(OD_ERR_ARCHIVED, "case " + c.id + " is archived and cannot change", field);
  return c;
}

std::pair<Case, std::string> Op::load_item_for_write(const std::string& field, bool check_visibility) {
  std::string item_id = req.str(field, 80);
  std::string case_id = item_case_id(item_id);
  std::optional<Case> found = case_id.empty() ? std::nullopt : store.find_case(case_id);
  if (!found) fail(OD_ERR_NOT_FOUND, "no item '" + item_id + "'", field);
  Case c = std::move(*found);
  if (!c.item(item_id)) fail(OD_ERR_NOT_FOUND, "no item '" + item_id + "'", field);
  if (check_visibility && !can_see(actor, c)) fail(OD_ERR_NOT_FOUND, "no item '" + item_id + "'", field);
  if (check_visibility) require_not_archived(c, field);
  return {std::move(c), item_id};
}

std::pair<Case, std::string> Op::load_held_item(ItemAction action) {
  auto loaded = load_item_for_write("item_id");
  const Item& it = *loaded.first.item(loaded.second);
  require_holder(it, "item_id");
  require_allowed(it, action, "item_id");
  return loaded;
}

void Op::require_not_archived(const Case& c, const std::string& field) const {
  if (c.state == CaseState::Archived) fail(OD_ERR_ARCHIVED, "case " + c.id + " is archived and cannot change", field);
}

void Op::require_holder(const Item& it, const std::string& field) const {
  if (it.holder != actor.unit)
    fail(OD_ERR_FORBIDDEN, "item " + it.id + " is held by " + it.holder + ", not " + actor.unit, field);
}

void Op::require_allowed(const Item& it, ItemAction a, const std::string& field) const {
  if (!allowed(it.state, a))
    fail(OD_ERR_CONFLICT,
         std::string(operation.empty() ? std::string_view(name(a)) : operation) + " is not allowed while item " + it.id +
             " is " + name(it.state),
         field);
}

void Op::event(const Case& c, const std::string& item_id, const std::string& type, const std::string& before,
               const std::string& after, json::object data) {
  store.append_event({0, c.id, item_id, type, now, json::serialize(actor.to_json()), before, after, json::serialize(data)});
}

void Op::job(const Case& c, const Item* it, const std::string& kind, const std::string& unit, const char* extra_key,
             json::object extra) {
  if (!engine.plugins().configured(unit)) return;
  job_with_body(c, it, kind, unit, job_body(d, c, it, kind, "", now, extra_key, std::move(extra)));
}

void Op::job_with_body(const Case& c, const Item* it, const std::string& kind, const std::string& unit,
                       json::object body) {
  if (!engine.plugins().configured(unit)) return;
  std::string id = new_job_id(store.next_counter("job"));
  body["job_id"] = id;
  json::value marked = std::move(body);
  mark_provisional_deadlines(d.calendar, now, marked);
  JobRow row;
  row.id = id;
  row.case_id = c.id;
  row.item_id = it ? it->id : "";
  row.unit = unit;
  row.kind = kind;
  row.body = json::serialize(marked);
  row.state = name(JobState::Pending);
  row.created_at = now;
  row.next_at = now;
  store.add_job(row);
  wrote_jobs = true;
}

void Op::insert(Case& c) { store.insert_case(c); }

void Op::save(Case& c) { store.update_case(c); }

void Op::close_if_done(Case& c) {
  if (c.state != CaseState::Open || c.items.empty() || !c.all_final()) return;
  c.state = CaseState::Closed;
  c.closed_at = now;
  event(c, "", "case_closed", name(CaseState::Open), name(CaseState::Closed));
}

}  // namespace od
