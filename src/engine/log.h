// The engine's log: one line per event, "<wall-clock time> <level> <text>", written to one
// file the log keeps open (appended, flushed per line so an operator's tail -f and a
// crash both see it), and/or syslog, and kept in memory (the last 200 lines, for
// "engine.status"). Lines below the configured level are dropped. Thread-safe.
//
// Times are the wall clock, not the engine's clock: an operator matches log lines with
// other systems' logs, and a manual test clock would stamp them with a fiction.
#pragma once
#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace od {

class EngineLog {
 public:
  EngineLog() = default;
  ~EngineLog();
  EngineLog(const EngineLog&) = delete;
  EngineLog& operator=(const EngineLog&) = delete;

  // Before the engine is shared. Throws Failure(OD_ERR_CONFIG, field "log_file") when the
  // file cannot be opened for appending.
  void configure(const std::string& file, int min_level, bool syslog);

  void write(int level, std::string_view text);
  boost::json::array recent() const;
  int min_level() const { return min_level_; }

  // "debug" | "info" | "warn" | "error" <-> OD_LOG_*
  static const char* level_name(int level);
  static std::optional<int> level_from_name(std::string_view name);

 private:
  mutable std::mutex mu_;
  std::deque<std::string> recent_;
  std::FILE* file_ = nullptr;
  bool syslog_ = false;
  int min_level_ = 1;  // OD_LOG_INFO
};

// A copy of a configuration with every secret's value replaced by "(hidden)", so the
// effective configuration can be logged: keys named secret, authorization, password,
// token, api_key or private_key, or ending in _secret, _password or _token, at any depth.
// References to secrets (secret_env, secret_file, ...) name where a secret is and stay.
boost::json::value redact_secrets(const boost::json::value& v);

}  // namespace od
