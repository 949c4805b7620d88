#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the demo, the department
# simulator and the shipped plugins, and runs portal_demo: 1200 synthetic applications
# through all five stages over March-April 2026 on an embedded SQLite database, with the
# departments' systems simulated on loopback. Afterwards it prints a few counts straight
# from the database with the sqlite3 shell, to compare with the demo's summary, and writes
# the report set district staff print (statistics, ledger, disclosure list, a receipt, one
# notice of each kind, a feedback form, an archived case file) with the `onedoor` command
# to build/demo/reports/, with an index.html.
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
ninja -C "$build" -j2 portal_demo od-deptsim od_plugins onedoor_cli

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

# ---- the report set --------------------------------------------------------------------
reports="$build/demo/reports"
rm -rf "$reports"
mkdir -p "$reports"
od() { "$build/bin/onedoor" --db "$db" --district "$root/config/dongchangfu.json" --no-progress "$@"; }
od stats --out "$reports/stats.html"
od stats --format xlsx --out "$reports/stats.xlsx"
od stats --format csv --out "$reports/stats.csv"
od disclosure --publish notice_board --from 2026-03-01 --to 2026-05-01 --out "$reports/disclosure.html"
od disclosure --from 2026-03-01 --to 2026-05-01 --format csv --out "$reports/disclosure.csv"
od ledger --out "$reports/ledger.html"
od ledger --format xlsx --out "$reports/ledger.xlsx"
od ledger --format csv --out "$reports/ledger.csv"
# one archived case with a granted item, and one notice of each kind (read with sqlite3's JSON functions)
case_item=$(sqlite3 "$db" "SELECT c.id || '|' || json_extract(i.value,'\$.id') FROM cases c, json_each(c.doc,'\$.items') i
  WHERE c.state = 'archived' AND json_extract(i.value,'\$.feedback.outcome') = 'granted' ORDER BY c.seq LIMIT 1;")
od render receipt --case "${case_item%%|*}" --out "$reports/receipt.html"
od render case_file --case "${case_item%%|*}" --out "$reports/case-file.html"
od render feedback --item "${case_item##*|}" --out "$reports/feedback.html"
notices=""
while IFS='|' read -r type item number; do
  od render notice --item "$item" --notice "$number" --out "$reports/notice-$type.html"
  notices="$notices$type|$number "
done < <(sqlite3 "$db" "SELECT json_extract(n.value,'\$.type') AS t, json_extract(i.value,'\$.id'), json_extract(n.value,'\$.number')
  FROM cases c, json_each(c.doc,'\$.items') i, json_each(i.value,'\$.notices') n GROUP BY t ORDER BY t;")
notice_name() { case "$1" in distribute) echo 分办;; forward) echo 转送;; hand_over) echo 转交;; transfer) echo 转办;; refer) echo 转介;; esac; }
{
  cat <<'HTML'
<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>东昌府区社会救助报表</title>
<style>body{font-family:"Noto Serif CJK SC",serif;max-width:760px;margin:24px auto;line-height:1.7}
h1{font-size:22px}li{margin:4px 0}small{color:#555}</style></head><body>
<h1>东昌府区社会救助“一门受理、协同办理”报表与文书</h1>
<p><small>由 scripts/demo.sh 生成：数据为合成示例，非真实个人信息。</small></p>
<h2>统计与台账</h2><ul>
<li><a href="stats.html">社会救助统计报表</a>（<a href="stats.xlsx">XLSX</a>，<a href="stats.csv">CSV</a>）</li>
<li><a href="ledger.html">服务台账</a>（<a href="ledger.xlsx">XLSX</a>，<a href="ledger.csv">CSV</a>）</li>
<li><a href="disclosure.html">社会救助对象公示名单（已公示）</a>（<a href="disclosure.csv">CSV</a>）</li>
</ul><h2>案件文书</h2><ul>
<li><a href="receipt.html">受理回执</a></li>
HTML
  for n in $notices; do
    echo "<li><a href=\"notice-${n%%|*}.html\">救助事项$(notice_name "${n%%|*}")通知单 ${n##*|}</a></li>"
  done
  cat <<'HTML'
<li><a href="feedback.html">办理结果反馈单</a></li>
<li><a href="case-file.html">归档案卷</a></li>
</ul></body></html>
HTML
} > "$reports/index.html"

echo
echo "database: $db"
echo "reports:  $reports/index.html"
exit "$status"
