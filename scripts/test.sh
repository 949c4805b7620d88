#!/usr/bin/env bash
# The README's test command: installs what is missing, builds everything and runs every
# test (unit, C API, plugins, delivery, scenarios, demo, install) with ctest, on SQLite and,
# for the C API, delivery and scenario tests, a second time on PostgreSQL 15: a throwaway
# cluster (scripts/pg-cluster.sh) runs for the length of the suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ONEDOOR_BUILD_DIR:-$root/build}"

"$root/scripts/install-deps.sh"
pgdir="$(mktemp -d "${TMPDIR:-/tmp}/onedoor-pg.XXXXXX")"
# on exit: stop the cluster, and drop the .pg tests from the build directory again, so a
# later plain `ctest` there does not run them against a cluster that is gone
cleanup() {
  "$root/scripts/pg-cluster.sh" stop "$pgdir"
  cmake -S "$root" -B "$build" -DONEDOOR_TEST_PG= >/dev/null 2>&1 || true
}
trap cleanup EXIT
conninfo="$("$root/scripts/pg-cluster.sh" start "$pgdir")"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DONEDOOR_BUILD_TESTS=ON \
  -DONEDOOR_TEST_PG="$conninfo"
cmake --build "$build" -j 2
cd "$build"
ctest --output-on-failure -j 2 --timeout 600
