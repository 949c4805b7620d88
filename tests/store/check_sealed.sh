#!/usr/bin/env bash
# The store is the only code that touches the database: no SQL statement, PRAGMA,
# transaction, sqlite3 or libpq call outside src/store/ in the library's sources.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pattern='sqlite3|PRAGMA|BEGIN (IMMEDIATE|DEFERRED|TRANSACTION)|COMMIT|ROLLBACK|SAVEPOINT|SELECT .* FROM|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|INDEX|TRIGGER)|Transaction\b|SqliteDb|sqlite_db\.h|sqlite_tx\.h|sql_db\.h|pg_db\.h|libpq-fe|\bPQ[a-zA-Z]+\(|PgDb'
hits=$(grep -rnE "$pattern" "$root/src" "$root/capi" --include='*.cpp' --include='*.h' | grep -v "^$root/src/store/" || true)
if [ -n "$hits" ]; then
  echo "database access outside src/store/:"
  echo "$hits"
  exit 1
fi
echo "sealed: no database access outside src/store/"
