// The Engine: one district, one database, the plugins and the delivery workers, behind
// one entry point, call(operation, request) -> (status, response). The C API is a thin
// shell over this. Each call runs in one store transaction: a write transaction for an
// operation that writes (a Failure anywhere rolls it back and becomes an error
// document), a read snapshot for one that does not, which never waits for writers.
#pragma once
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "delivery/dispatcher.h"
#include "delivery/plugin_host.h"
#include "engine/contract_coverage.h"
#include "engine/log.h"
#include "rules/district.h"
#include "store/store.h"
#include "util/clock.h"

namespace od {

struct Op;

constexpr size_t kMaxRequestBytes = 1 << 20;

class Engine {
 public:
  // Throws Failure (OD_ERR_CONFIG naming the field, or OD_ERR_STORAGE).
  static std::unique_ptr<Engine> open(std::string_view config_json);
  ~Engine();

  // Never throws. Returns the status and the response (or error) document.
  std::pair<int32_t, std::string> call(std::string_view operation, std::string_view request);

  const District& district() const { return district_; }
  Store& store() { return *store_; }
  Clock& clock() { return clock_; }
  PluginHost& plugins() { return *plugins_; }
  Dispatcher& dispatcher() { return *dispatcher_; }
  const std::string& database_path() const { return db_path_; }
  const std::string& database_backend() const { return db_backend_; }
  void log(int level, const std::string& line);
  boost::json::array recent_log() const;

 private:
  Engine() = default;
  boost::json::object effective_config(const std::string& plugin_dir) const;
  int32_t report_from_plugin(const std::string& unit, const std::string& json, std::string& error);
  // Holiday years from the calendar directory (calendar_ops.h): merged into `into`,
  // returns the years added.
  std::set<int> read_calendar_files(District& into);

  std::string db_path_;     // the SQLite file, or the conninfo without its password
  std::string db_backend_;  // "sqlite" | "postgresql"
  std::string calendar_dir_;
  District district_;
  Clock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<PluginHost> plugins_;
  std::unique_ptr<Dispatcher> dispatcher_;
  EngineLog log_;
  ContractCoverage coverage_;
};

std::string error_document(int32_t status, const std::string& message, const std::string& field);

}  // namespace od
