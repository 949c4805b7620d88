#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests: `pg-cluster.sh start <dir>` runs initdb
# in <dir>, starts the server listening only on a unix socket in <dir> (no TCP port, so
# several clusters never collide) and prints a libpq conninfo for it; `pg-cluster.sh stop
# <dir>` stops it and removes <dir>; `restart` and `halt` (an immediate stop, as a crash) are
# for the fault tests. As root, the server runs as the `postgres` user
# (PostgreSQL refuses to run as root). PG_DURABLE=1 keeps fsync on, as a real server
# runs: for benchmarks (bench_processes --pg), never needed by the tests.
set -euo pipefail
cmd="${1:-}"
dir="${2:-}"
if [[ -z "$cmd" || -z "$dir" ]]; then
  echo "usage: $0 start|stop|restart|halt <dir>" >&2
  exit 2
fi
bindir="${PG_BINDIR:-/usr/lib/postgresql/15/bin}"
durability="-c fsync=off -c full_page_writes=off"
[[ "${PG_DURABLE:-0}" = 1 ]] && durability="-c fsync=on -c full_page_writes=on"
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # a test cluster: the engine still commits with synchronous_commit on (a commit waits
    # for its WAL write), but the server does not fsync, so the suite's many CREATE
    # DATABASEs and commits stay quick; process kills and server restarts stay real
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=200 -c shared_buffers=64MB $durability" \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "host=$dir port=5432 user=postgres dbname=postgres"
    ;;
  restart)  # a crash and a recovery, as a server that was killed and started again
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=200 -c shared_buffers=64MB $durability" \
      >/dev/null
    ;;
  halt)  # stopped, kept for a later `restart`
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
  stop)
    if [[ -d "$dir/data" ]]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop|restart|halt <dir>" >&2
    exit 2
    ;;
esac
