// The "database" member of the od_open configuration: a string (a SQLite file) or an
// object naming the backend (docs/storage.md). Credentials are taken by reference, as the
// plugins take them: password_env names an environment variable, password_file a file
// whose first line holds the password.
#pragma once
#include "store/store.h"
#include "util/json_fields.h"

namespace od {

// Throws Failure(OD_ERR_INVALID or OD_ERR_CONFIG) naming the field ("database.backend", ...).
DatabaseConfig parse_database_config(const Fields& config);

// What engine.status and the log show: the file, or the conninfo without a password.
std::string describe_database(const DatabaseConfig& db);

}  // namespace od
