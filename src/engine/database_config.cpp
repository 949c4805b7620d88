#include "engine/database_config.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "util/failure.h"

namespace od {

DatabaseConfig parse_database_config(const Fields& config) {
  DatabaseConfig db;
  const json::object& o = config.object();
  auto it = o.find("database");
  if (it == o.end() || !it->value().is_object()) {
    db.path = config.str("database", 4096);
    return db;
  }
  Fields d = config.obj("database");
  const std::string backend = d.one_of("backend", {"sqlite", "postgresql"});
  const std::vector<std::string> allowed = backend == "sqlite"
                                               ? std::vector<std::string>{"backend", "path", "max_pages"}
                                               : std::vector<std::string>{"backend", "conninfo", "password_env", "password_file"};
  for (const auto& kv : d.object())
    if (std::find(allowed.begin(), allowed.end(), std::string(kv.key())) == allowed.end())
      fail(OD_ERR_CONFIG, "unknown member for the " + backend + " backend", "database." + std::string(kv.key()));
  if (backend == "sqlite") {
    db.path = d.str("path", 4096);
    db.max_pages = d.opt_integer("max_pages", 1, int64_t{1} << 31).value_or(0);
    return db;
  }
  db.backend = DatabaseConfig::Backend::Postgres;
  db.conninfo = d.str("conninfo", 4096);
  auto env = d.opt_str("password_env", 256);
  auto file = d.opt_str("password_file", 4096);
  if (env && file) fail(OD_ERR_CONFIG, "give one of password_env and password_file", "database.password_env");
  if (env) {
    const char* v = std::getenv(env->c_str());
    if (!v || !*v) fail(OD_ERR_CONFIG, "environment variable " + *env + " is not set", "database.password_env");
    db.password = v;
  } else if (file) {
    std::ifstream in(*file);
    if (!in || !std::getline(in, db.password) || db.password.empty())
      fail(OD_ERR_CONFIG, "cannot read a password from '" + *file + "'", "database.password_file");
    if (!db.password.empty() && db.password.back() == '\r') db.password.pop_back();
  }
  return db;
}

std::string describe_database(const DatabaseConfig& db) {
  return db.backend == DatabaseConfig::Backend::Postgres ? redacted_conninfo(db.conninfo) : db.path;
}

}  // namespace od
