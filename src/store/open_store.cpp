// The store factory: the one place that knows which backends exist.
#include "store/store.h"

namespace od {

std::unique_ptr<Store> open_store(const DatabaseConfig& db, Indexer indexer, StoreOptions options) {
  if (db.backend == DatabaseConfig::Backend::Postgres)
    return open_pg_store(db.conninfo, db.password, std::move(indexer), options);
  return open_sqlite_store(db.path, std::move(indexer), options);
}

}  // namespace od
