#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the demo, the department
# simulator and the shipped plugins, and runs portal_demo: 1200 synthetic applications
# through all five stages over March-April 2026 on an embedded SQLite database, with the
# departments' systems simulated on loopback. Afterwards it prints a few counts straight
# from the database with the sqlite3 shell, to compare with the demo's summary.
#
#   scripts/demo.sh [portal_demo options, e.g. --applications 3000]
#
# Environment: ONEDOOR_BUILD_DIR (default: build/ in the source tree),
# ONEDOOR_SKIP_INSTALL=1 to skip scripts/install-deps.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ONEDOOR_BUILD_DIR:-$root/build}"
db="$build/demo/district.db"

if [ "${ONEDOOR_SKIP_INSTALL:-0}" != "1" ]; then
  "$root/scripts/install-deps.sh"
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
ninja -C "$build" -j2 portal_demo od-deptsim od_plugins

# a fresh database each run
mkdir -p "$build/demo"
rm -f "$db" "$db-wal" "$db-shm"

# exit status 1: the demo's self-check found counts that disagree (printed on stderr);
# the database counts below are printed either way
status=0
"$build/bin/portal_demo" --db "$db" \
  --sim "$build/bin/od-deptsim" --plugins "$build/plugins" \
  --district "$root/config/dongchangfu.json" "$@" || status=$?
[ -f "$db" ] || exit "$status"

echo
echo "== Straight from the database (sqlite3 $db) =="
echo "-- cases by state"
sqlite3 -column -header "$db" "SELECT state, COUNT(*) AS cases FROM cases GROUP BY state ORDER BY state;"
echo "-- items by outcome"
sqlite3 -column -header "$db" "SELECT outcome, COUNT(*) AS items FROM items GROUP BY outcome ORDER BY outcome;"
echo "-- items by category"
sqlite3 -column -header "$db" "SELECT category, COUNT(*) AS items FROM items GROUP BY category ORDER BY category;"
echo "-- deliveries (outbox) by state"
sqlite3 -column -header "$db" "SELECT state, COUNT(*) AS jobs FROM outbox GROUP BY state ORDER BY state;"
echo "-- open items past their deadline now (2026-04-30 23:59 +08:00)"
sqlite3 -column -header "$db" "SELECT COUNT(*) AS overdue_items FROM items i JOIN cases c ON c.seq = i.case_seq
  WHERE c.state = 'open' AND i.state <> 'answered' AND i.due_at < strftime('%s','2026-04-30 15:59:00') * 1000;"
echo
echo "database: $db"
exit "$status"
