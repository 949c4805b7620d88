// Loads department plugins (dlopen RTLD_NOW | RTLD_LOCAL), checks the ABI major before
// anything else, makes one instance per configured unit and calls into them. A plugin
// that cannot be loaded is disabled with its reason; the others keep working and the
// disabled unit's jobs wait. Modules are unloaded only when the host is destroyed,
// after the delivery threads have stopped, so no call into a plugin can be in flight.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "onedoor/onedoor_plugin.h"
#include "rules/district.h"

namespace od {

struct HostServices;

struct DeliveryOutcome {
  int32_t outcome = OD_DELIVERY_RETRY;
  Millis retry_after_ms = 0;
  std::string reference;
  std::string reason;
};

struct DeliveryRequest {
  std::string job_id, kind, case_id, item_id, unit, body;
  uint32_t attempt = 1;
  Millis created_at = 0;
};

// Where plugins are installed: <libdir>/onedoor/plugins, found from where libonedoor.so
// itself was loaded (so a relocated install still finds its own plugins). The default
// base of relative plugin file names.
std::string default_plugin_dir();

class PluginHost {
 public:
  // report: records a department's outcome for `unit` (the feedback operation);
  // returns an OD_* status and sets error. log: the engine's log.
  using ReportFn = std::function<int32_t(const std::string& unit, const std::string& json, std::string& error)>;
  using LogFn = std::function<void(int level, const std::string& line)>;
  using NowFn = std::function<Millis()>;  // the engine's clock (OD_HOST_EXT_CLOCK)

  PluginHost(ReportFn report, LogFn log, NowFn now);
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  void load(const std::map<std::string, PluginSpec>& specs);
  // Destroys every instance, then deinit and dlclose. Nothing may be delivered or polled
  // any more; a plugin's destroy() may still report. The destructor calls it too.
  void shutdown();

  bool configured(const std::string& unit) const;  // a job is written for this unit
  bool active(const std::string& unit) const;      // and it can be delivered now
  std::vector<std::string> inactive_units() const;

  DeliveryOutcome deliver(const DeliveryRequest& job);
  // Polls every polling plugin; returns the number of results reported. One call at a
  // time: a second caller waits, so no plugin's poll() runs concurrently with itself.
  int poll_all();
  boost::json::array status() const;

 private:
  friend struct HostServices;
  struct Module;
  struct Instance;
  std::shared_ptr<Module> open_module(const std::string& file, std::string& error);
  static void add_plugin_status(const Instance& in, boost::json::object& o);

  ReportFn report_;
  LogFn log_;
  NowFn now_;
  std::mutex poll_mu_;
  std::map<std::string, std::shared_ptr<Module>> modules_;  // by file
  std::map<std::string, std::unique_ptr<Instance>> instances_;  // by unit, incl. disabled
  std::set<std::string> configured_;
};

}  // namespace od
