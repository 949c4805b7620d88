#include "engine/log.h"

#include <syslog.h>

#include <chrono>
#include <cstring>

#include "onedoor/onedoor_plugin.h"
#include "util/failure.h"
#include "util/time.h"

namespace od {
namespace {

constexpr size_t kRecentLines = 200;
const char* const kLevelNames[] = {"debug", "info", "warn", "error"};

int clamp_level(int level) { return level < OD_LOG_DEBUG ? OD_LOG_DEBUG : level > OD_LOG_ERROR ? OD_LOG_ERROR : level; }

// "2026-03-02T09:30:00.123+08:00": the district's civil time, to the millisecond
std::string wall_stamp() {
  Millis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count();
  std::string s = format_instant(now);
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03d", static_cast<int>(now % 1000));
  s.insert(s.size() - 6, ms);  // before "+08:00"
  return s;
}

bool is_secret_key(std::string_view k) {
  auto ends = [&](std::string_view suffix) {
    return k.size() > suffix.size() && k.substr(k.size() - suffix.size()) == suffix;
  };
  return k == "secret" || k == "authorization" || k == "password" || k == "token" || k == "api_key" ||
         k == "private_key" || ends("_secret") || ends("_password") || ends("_token");
}

}  // namespace

EngineLog::~EngineLog() {
  if (file_) std::fclose(file_);
  if (syslog_) closelog();
}

void EngineLog::configure(const std::string& file, int min_level, bool use_syslog) {
  min_level_ = clamp_level(min_level);
  if (!file.empty()) {
    file_ = std::fopen(file.c_str(), "ae");  // append, close-on-exec
    if (!file_) fail(OD_ERR_CONFIG, std::string("cannot be opened for appending: ") + std::strerror(errno), "log_file");
  }
  if (use_syslog) {
    openlog("onedoor", LOG_PID, LOG_USER);
    syslog_ = true;
  }
}

void EngineLog::write(int level, std::string_view text) {
  level = clamp_level(level);
  if (level < min_level_) return;
  std::string line = wall_stamp();
  line += ' ';
  line += kLevelNames[level];
  line += ' ';
  line += text;
  std::lock_guard<std::mutex> g(mu_);
  recent_.push_back(line);
  if (recent_.size() > kRecentLines) recent_.pop_front();
  if (file_) {
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
  }
  if (syslog_) {
    static const int kPriority[] = {LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR};
    ::syslog(kPriority[level], "%.*s", static_cast<int>(text.size()), text.data());
  }
}

boost::json::array EngineLog::recent() const {
  std::lock_guard<std::mutex> g(mu_);
  boost::json::array a;
  for (const auto& l : recent_) a.push_back(boost::json::value(l));
  return a;
}

const char* EngineLog::level_name(int level) { return kLevelNames[clamp_level(level)]; }

std::optional<int> EngineLog::level_from_name(std::string_view name) {
  for (int i = 0; i < 4; ++i)
    if (name == kLevelNames[i]) return i;
  return std::nullopt;
}

boost::json::value redact_secrets(const boost::json::value& v) {
  if (v.is_object()) {
    boost::json::object out;
    for (const auto& kv : v.get_object())
      out[kv.key()] = is_secret_key(kv.key()) ? boost::json::value("(hidden)") : redact_secrets(kv.value());
    return out;
  }
  if (v.is_array()) {
    boost::json::array out;
    for (const auto& e : v.get_array()) out.push_back(redact_secrets(e));
    return out;
  }
  return v;
}

}  // namespace od
