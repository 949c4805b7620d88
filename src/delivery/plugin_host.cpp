#include "delivery/plugin_host.h"

#include <dlfcn.h>

#include <cstring>

#include "onedoor/onedoor.h"
#include "util/utf8.h"

namespace od {

struct PluginHost::Module {
  std::string file;
  void* handle = nullptr;
  od_plugin_entry_t entry{};  // copied: min(plugin's size, ours), the rest zero
  ~Module() {
    if (entry.deinit) entry.deinit();
    if (handle) dlclose(handle);
  }
};

struct PluginHost::Instance {
  PluginHost* host = nullptr;
  std::string unit;
  std::string file;
  std::string config_json;
  std::shared_ptr<Module> module;  // null when disabled
  void* instance = nullptr;
  std::string error;
  od_plugin_host table{};
};

namespace {

void copy_error(const std::string& s, char* buf, uint32_t len) {
  if (!buf || len == 0) return;
  size_t n = std::min<size_t>(s.size(), len - 1);
  std::memcpy(buf, s.data(), n);
  buf[n] = '\0';
}

}  // namespace

// The services table's functions reach the instance through host_ctx.
struct HostServices {
  static void log(void* ctx, int32_t level, const char* message) {
    auto* in = static_cast<PluginHost::Instance*>(ctx);
    in->host->log_(level, "[" + in->unit + "] " + sanitize_utf8(message ? message : "", 4096));
  }
  static int32_t report(void* ctx, const char* json, char* error_buf, uint32_t error_len) {
    auto* in = static_cast<PluginHost::Instance*>(ctx);
    std::string error;
    int32_t rc = OD_ERR_INVALID;
    try {
      rc = in->host->report_(in->unit, json ? json : "", error);
    } catch (...) {
      rc = OD_ERR_INTERNAL;
      error = "internal error";
    }
    copy_error(error, error_buf, error_len);
    return rc;
  }
  static const char* config(void* ctx) { return static_cast<PluginHost::Instance*>(ctx)->config_json.c_str(); }
  static const char* unit(void* ctx) { return static_cast<PluginHost::Instance*>(ctx)->unit.c_str(); }
  static int64_t now_ms(void* ctx) { return static_cast<PluginHost::Instance*>(ctx)->host->now_(); }
  static const void* get_extension(void* ctx, const char* id) {
    static const od_host_clock kClock{sizeof(od_host_clock), &HostServices::now_ms};
    if (id && std::strcmp(id, OD_HOST_EXT_CLOCK) == 0) return &kClock;
    return nullptr;
  }
};

std::string default_plugin_dir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&default_plugin_dir), &info) == 0 || !info.dli_fname) return "";
  std::string lib = info.dli_fname;
  auto slash = lib.rfind('/');
  return (slash == std::string::npos ? std::string(".") : lib.substr(0, slash)) + "/onedoor/plugins";
}

PluginHost::PluginHost(ReportFn report, LogFn log, NowFn now)
    : report_(std::move(report)), log_(std::move(log)), now_(std::move(now)) {}

PluginHost::~PluginHost() { shutdown(); }

void PluginHost::shutdown() {
  for (auto& [unit, in] : instances_)
    if (in->module && in->instance && in->module->entry.destroy) {
      in->module->entry.destroy(in->instance);  // may still report through the host
      in->instance = nullptr;
    }
  instances_.clear();
  modules_.clear();  // deinit + dlclose
}

std::shared_ptr<PluginHost::Module> PluginHost::open_module(const std::string& file, std::string& error) {
  if (auto it = modules_.find(file); it != modules_.end()) return it->second;
  void* h = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    const char* e = dlerror();
    error = std::string("cannot load: ") + (e ? e : file);
    return nullptr;
  }
  auto* entry = static_cast<const od_plugin_entry_t*>(dlsym(h, OD_PLUGIN_ENTRY_SYMBOL));
  if (!entry) {
    dlclose(h);
    error = "no entry symbol '" OD_PLUGIN_ENTRY_SYMBOL "' in " + file;
    return nullptr;
  }
  // The ABI major comes first and is checked before anything else is read.
  if (entry->abi_major != OD_PLUGIN_ABI_MAJOR) {
    error = "plugin ABI major " + std::to_string(entry->abi_major) + " is not supported (host speaks " +
            std::to_string(OD_PLUGIN_ABI_MAJOR) + ")";
    dlclose(h);
    return nullptr;
  }
  auto m = std::make_shared<Module>();
  m->file = file;
  m->handle = h;
  size_t n = std::min<size_t>(entry->struct_size, sizeof(od_plugin_entry_t));
  if (n < offsetof(od_plugin_entry_t, poll)) {
    error = "plugin entry is too small (struct_size " + std::to_string(entry->struct_size) + ")";
    return nullptr;  // Module's destructor closes the handle (deinit is still zero)
  }
  std::memcpy(&m->entry, entry, n);
  m->entry.deinit = nullptr;  // only after init succeeded
  if (!m->entry.create || !m->entry.destroy || !m->entry.deliver) {
    error = "plugin entry lacks create, destroy or deliver";
    return nullptr;
  }
  if (m->entry.init && m->entry.init(file.c_str()) != 0) {
    error = "plugin module init failed";
    return nullptr;
  }
  if (n > offsetof(od_plugin_entry_t, deinit)) m->entry.deinit = entry->deinit;
  modules_[file] = m;
  return m;
}

void PluginHost::load(const std::map<std::string, PluginSpec>& specs) {
  // Known before any instance exists, so that a report from an early create() still
  // writes a job for every configured unit.
  for (const auto& [unit, spec] : specs) configured_.insert(unit);
  for (const auto& [unit, spec] : specs) {
    auto in = std::make_unique<Instance>();
    in->host = this;
    in->unit = unit;
    in->file = spec.file;
    in->config_json = boost::json::serialize(spec.config);
    in->table.struct_size = sizeof(od_plugin_host);
    in->table.abi_major = OD_PLUGIN_ABI_MAJOR;
    in->table.abi_minor = OD_PLUGIN_ABI_MINOR;
    in->table.host_ctx = in.get();
    in->table.log = &HostServices::log;
    in->table.report = &HostServices::report;
    in->table.config = &HostServices::config;
    in->table.unit = &HostServices::unit;
    in->table.host_name = "onedoor";
    in->table.host_version = OD_VERSION_STRING;
    in->table.get_extension = &HostServices::get_extension;
    std::string error;
    auto m = open_module(spec.file, error);
    if (m) {
      char buf[512] = {0};
      void* instance = nullptr;
      int32_t rc = m->entry.create(&in->table, &instance, buf, sizeof buf);
      buf[sizeof buf - 1] = '\0';
      if (rc != 0 || !instance) {
        error = "plugin create failed: " + (buf[0] ? sanitize_utf8(buf) : std::string("no reason given"));
      } else {
        in->module = m;
        in->instance = instance;
      }
    }
    if (!in->module) {
      in->error = error;
      log_(OD_LOG_ERROR, "plugin for " + unit + " disabled: " + error);
    } else {
      log_(OD_LOG_INFO, "plugin for " + unit + " loaded: " + std::string(m->entry.name ? m->entry.name : "?"));
    }
    instances_[unit] = std::move(in);
  }
}

bool PluginHost::configured(const std::string& unit) const { return configured_.count(unit) > 0; }

bool PluginHost::active(const std::string& unit) const {
  auto it = instances_.find(unit);
  return it != instances_.end() && it->second->module;
}

std::vector<std::string> PluginHost::inactive_units() const {
  std::vector<std::string> out;
  for (const auto& [unit, in] : instances_)
    if (!in->module) out.push_back(unit);
  return out;
}

DeliveryOutcome PluginHost::deliver(const DeliveryRequest& r) {
  DeliveryOutcome out;
  auto it = instances_.find(r.unit);
  if (it == instances_.end() || !it->second->module) {
    out.outcome = OD_DELIVERY_RETRY;
    out.reason = "no active plugin for " + r.unit;
    return out;
  }
  Instance& in = *it->second;
  od_delivery_job job{};
  job.struct_size = sizeof job;
  job.job_id = r.job_id.c_str();
  job.kind = r.kind.c_str();
  job.case_id = r.case_id.c_str();
  job.item_id = r.item_id.c_str();
  job.unit = r.unit.c_str();
  job.body_json = r.body.c_str();
  job.attempt = r.attempt;
  job.created_at_ms = r.created_at;
  od_delivery_result res{};
  res.struct_size = sizeof res;
  res.outcome = -1;
  in.module->entry.deliver(in.instance, &job, &res);
  res.reference[sizeof res.reference - 1] = '\0';
  res.reason[sizeof res.reason - 1] = '\0';
  switch (res.outcome) {
    case OD_DELIVERY_DELIVERED:
    case OD_DELIVERY_RETRY:
    case OD_DELIVERY_REJECTED: out.outcome = res.outcome; break;
    default:
      out.outcome = OD_DELIVERY_RETRY;
      out.reason = "plugin returned no valid outcome";
      return out;
  }
  out.retry_after_ms = res.retry_after_ms > 0 ? res.retry_after_ms : 0;
  // a plugin's text is stored and shown: keep it valid UTF-8 whatever the plugin wrote
  out.reference = sanitize_utf8(res.reference);
  out.reason = sanitize_utf8(res.reason);
  return out;
}

int PluginHost::poll_all() {
  std::lock_guard<std::mutex> g(poll_mu_);
  int n = 0;
  for (auto& [unit, in] : instances_) {
    if (!in->module || !in->module->entry.poll) continue;
    int32_t r = in->module->entry.poll(in->instance);
    if (r > 0) n += r;
    if (r < 0) log_(OD_LOG_WARN, "poll failed for " + unit);
  }
  return n;
}

// A 1.1 plugin's own view of its health (OD_PLUGIN_EXT_STATUS), under "status".
void PluginHost::add_plugin_status(const Instance& in, boost::json::object& o) {
  auto get = in.module->entry.get_extension;
  auto* ext = get ? static_cast<const od_plugin_status*>(get(OD_PLUGIN_EXT_STATUS)) : nullptr;
  if (!ext || ext->struct_size < sizeof(od_plugin_status) || !ext->status) return;
  char buf[4096] = {0};
  if (ext->status(in.instance, buf, sizeof buf) != 0) return;
  buf[sizeof buf - 1] = '\0';
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(sanitize_utf8(buf), ec);
  if (!ec && v.is_object())
    o["status"] = std::move(v);
  else
    o["status_error"] = "the plugin's status is not a JSON object";
}

boost::json::array PluginHost::status() const {
  boost::json::array a;
  for (const auto& [unit, in] : instances_) {
    boost::json::object o;
    o["unit"] = unit;
    o["file"] = in->file;
    o["state"] = in->module ? "active" : "disabled";
    if (in->module) {
      o["name"] = in->module->entry.name ? in->module->entry.name : "";
      o["version"] = in->module->entry.version ? in->module->entry.version : "";
      o["abi_minor"] = in->module->entry.abi_minor;
      add_plugin_status(*in, o);
    } else {
      o["error"] = in->error;
    }
    a.push_back(std::move(o));
  }
  return a;
}

}  // namespace od
