#!/usr/bin/env bash
# Database faults, statement timeouts and graceful shutdown, against servers
# of its own (own POLICYMAP_HOME and embedded cluster, Tokyo's boundaries), so
# that the shared integration fixture is never disturbed. About a minute.
#   faults.sh BIN
# 1. outage under load: PostgreSQL stopped while lookups run; requests that
#    need it get 503 problem+json with Retry-After quickly, cached tiles are
#    still served, /readyz says 503 while /healthz says 200;
# 2. recovery: another policymap command restarts the cluster (on a new port);
#    the server is ready again within 5 s, without a restart, and holds no
#    more connections than its pool allows; /readyz is 503 while a migration
#    is missing;
# 3. slow queries: a second server with a 1 ms tile statement timeout answers
#    an uncached tile with 504 problem+json quickly and keeps answering; an
#    import under a 1 ms timeout stops with an error;
# 4. graceful shutdown: an uncached tile held by a table lock is in flight
#    when SIGTERM arrives; it completes with 200, new requests are not served,
#    the process exits 0 and, as the last user, stops the cluster.
set -euo pipefail
bin=$1
data=${POLICYMAP_DATA:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/geodata}
home=$(mktemp -d /tmp/policymap-faults.XXXXXX)
chmod 755 "$home"
export POLICYMAP_HOME=$home
unset DATABASE_URL
pg=/usr/lib/postgresql/15/bin
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -f "$home/pgdata/postmaster.pid" ] && "${as_pg[@]}" "$pg/pg_ctl" -D "$home/pgdata" -m immediate stop >/dev/null 2>&1
  rm -rf "$home"
}
trap cleanup EXIT
fail() {
  echo "faults: FAILED: $*" >&2
  for f in "$home"/server*.log; do echo "--- $f" >&2; tail -n 30 "$f" >&2; done
  exit 1
}
now_ms() { date +%s%3N; }
# code, total seconds, headers file, body file
fetch() {  # url [curl args...] -> prints "code seconds"; headers in $home/h, body in $home/b
  local u=$1; shift
  curl -s -m 20 -D "$home/h" -o "$home/b" -w '%{http_code} %{time_total}\n' "$@" "$u" || echo "000 20"
}
header() { tr -d '\r' <"$home/h" | sed -n "s/^$1: //Ip" | head -n1; }
db_url() { sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p' "$home/embedded.json"; }

start_server() {  # name, extra env... -> sets $url, appends pid
  local name=$1; shift
  env "$@" "$bin" serve --port 0 --threads 4 >"$home/$name.out" 2>"$home/$name.log" &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 600); do
    grep -q "listening on" "$home/$name.out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || fail "$name did not start"
    sleep 0.1
  done
  url=$(sed -n 's/.*listening on \(http[^ ]*\)/\1/p' "$home/$name.out")
  url=${url%/}
  [ -n "$url" ] || fail "$name did not start"
  server_pid=$pid
}

start_server server1 POLICYMAP_STATEMENT_TIMEOUT_LOOKUP_MS=10000
s1=$url s1_pid=$server_pid
timeout 300 "$bin" import boundaries "$data/n03-2021/s0010/N03-21_13_210101.json" \
  "$data/n03-2021/s0010/prefectures.json" >/dev/null 2>"$home/import.log" || [ $? -eq 3 ] || { cat "$home/import.log" >&2; fail "import"; }

lookup="/v1/lookup?lat=35.694&lon=139.754"
tile="/tiles/municipalities/10/909/403.mvt"
read -r code _ < <(fetch "$s1/readyz"); [ "$code" = 200 ] || fail "readyz before the outage: $code"
read -r code _ < <(fetch "$s1$lookup"); [ "$code" = 200 ] || fail "lookup before the outage: $code"
read -r code _ < <(fetch "$s1$tile"); [ "$code" = 200 ] || fail "tile before the outage: $code"
etag=$(header ETag)
echo "faults: server up, Tokyo loaded"

# --- 1. outage under load ------------------------------------------------
load() {  # lookups at different points until $home/stop-load exists; "code seconds" per line
  local i=0
  while [ ! -f "$home/stop-load" ]; do
    i=$((i + 1))
    curl -s -m 20 -o /dev/null -w '%{http_code} %{time_total}\n' \
      "$s1/v1/lookup?lat=35.6$((5 + i % 5))&lon=139.7$((i % 5))" || echo "000 20"
  done >"$home/load.$1"
}
for n in 1 2 3 4 5 6; do load "$n" & pids+=($!); done
sleep 1
"${as_pg[@]}" "$pg/pg_ctl" -D "$home/pgdata" -m fast -w stop >/dev/null || fail "pg_ctl stop"
down_at=$(now_ms)
sleep 1.2  # readiness is cached for a second
read -r code secs < <(fetch "$s1/readyz")
[ "$code" = 503 ] || fail "readyz during the outage: $code"
[ "$(header Content-Type)" = "application/problem+json" ] || fail "readyz 503 is not problem+json"
[ -n "$(header Retry-After)" ] || fail "readyz 503 without Retry-After"
grep -q '"type":"/problems/not-ready"' "$home/b" || fail "readyz problem: $(cat "$home/b")"
read -r code _ < <(fetch "$s1/healthz"); [ "$code" = 200 ] || fail "healthz during the outage: $code"
read -r code _ < <(fetch "$s1$tile"); [ "$code" = 200 ] || fail "cached tile during the outage: $code"
[ "$(header ETag)" = "$etag" ] || fail "cached tile changed during the outage"
read -r code secs < <(fetch "$s1/v1/lookup?lat=35.70&lon=139.70")
[ "$code" = 503 ] || fail "lookup during the outage: $code"
[ -n "$(header Retry-After)" ] || fail "lookup 503 without Retry-After"
[ "$(header Content-Type)" = "application/problem+json" ] || fail "lookup 503 is not problem+json"
awk -v s="$secs" 'BEGIN { exit !(s < 3) }' || fail "lookup during the outage took $secs s"
read -r code secs < <(fetch "$s1/tiles/municipalities/11/1819/806.mvt")
[ "$code" = 503 ] || fail "uncached tile during the outage: $code"
echo "faults: outage: readyz 503, healthz 200, cached tile 200, lookup 503 in ${secs}s"

# --- 2. recovery -----------------------------------------------------------
old_port=$(sed -n 's/.*"port" *: *\([0-9]*\).*/\1/p' "$home/embedded.json")
"$bin" migrate >/dev/null 2>"$home/restart.log" || { cat "$home/restart.log" >&2; fail "restart by another command"; }
up_at=$(now_ms)
new_port=$(sed -n 's/.*"port" *: *\([0-9]*\).*/\1/p' "$home/embedded.json")
ready_ms=
while [ $(($(now_ms) - up_at)) -lt 10000 ]; do
  read -r code _ < <(fetch "$s1/readyz")
  if [ "$code" = 200 ]; then ready_ms=$(($(now_ms) - up_at)); break; fi
  sleep 0.1
done
[ -n "$ready_ms" ] || fail "not ready 10 s after the database came back"
[ "$ready_ms" -le 5000 ] || fail "ready only after $ready_ms ms"
ok_ms=
while [ $(($(now_ms) - up_at)) -lt 10000 ]; do
  read -r code _ < <(fetch "$s1$lookup")
  if [ "$code" = 200 ]; then ok_ms=$(($(now_ms) - up_at)); break; fi
  sleep 0.1
done
[ -n "$ok_ms" ] && [ "$ok_ms" -le 5000 ] || fail "lookups not served within 5 s of the database coming back"
sleep 2  # the load keeps running on the recovered server
touch "$home/stop-load"
wait_load() { for p in "${pids[@]}"; do [ "$p" = "$s1_pid" ] || wait "$p" 2>/dev/null || true; done; pids=("$s1_pid"); }
wait_load
cat "$home"/load.* >"$home/load.all"
total=$(wc -l <"$home/load.all")
bad=$(awk '$1 != 200 && $1 != 503' "$home/load.all" | sort | uniq -c | head -n 5)
[ -z "$bad" ] || fail "under load during the outage, answers other than 200/503: $bad"
slow=$(awk '$2 > 3 { n++ } END { print n + 0 }' "$home/load.all")
[ "$slow" -eq 0 ] || fail "$slow requests took over 3 s during the outage"
n503=$(awk '$1 == 503 { n++ } END { print n + 0 }' "$home/load.all")
[ "$n503" -gt 0 ] || fail "the load never saw the outage"
tail -n 20 "$home/load.1" | awk '$1 != 200 { exit 1 }' || fail "load not all 200 after recovery"
for _ in $(seq 1 20); do fetch "$s1$lookup" >/dev/null; done
conns=$(psql -qAt -X "$(db_url)" -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'policymap'")
# pool (threads + 2 = 6) + the readiness probe's own connection
[ "$conns" -le 7 ] || fail "$conns connections after recovery: leaked"
echo "faults: recovery: port $old_port -> $new_port, ready after ${ready_ms} ms, lookups after ${ok_ms} ms;" \
  "$total requests under load, $n503 answered 503, none slow, none else; $conns connections"

# A database that lacks a migration this binary knows is not ready either.
psql -qAt -X "$(db_url)" -c "UPDATE schema_migrations SET version = -11 WHERE version = 11" >/dev/null
sleep 1.1
read -r code _ < <(fetch "$s1/readyz")
[ "$code" = 503 ] && grep -q "migrations not applied: 0011" "$home/b" || fail "readyz without migration 0011: $code $(cat "$home/b")"
psql -qAt -X "$(db_url)" -c "UPDATE schema_migrations SET version = 11 WHERE version = -11" >/dev/null
sleep 1.1
read -r code _ < <(fetch "$s1/readyz"); [ "$code" = 200 ] || fail "readyz with every migration: $code"
echo "faults: readyz 503 while migration 0011 is missing, 200 again once it is there"

# --- 3. slow queries ----------------------------------------------------------
start_server server2 POLICYMAP_STATEMENT_TIMEOUT_TILES_MS=1 POLICYMAP_TILE_CACHE_MB=0
s2=$url s2_pid=$server_pid
for z in "5/28/12" "3/7/3" "8/227/100"; do
  read -r code secs < <(fetch "$s2/tiles/municipalities/$z.mvt")
  [ "$code" = 504 ] || fail "tile $z over its 1 ms statement timeout: $code $(cat "$home/b")"
  [ "$(header Content-Type)" = "application/problem+json" ] || fail "timeout is not problem+json"
  grep -q '"type":"/problems/query-timeout"' "$home/b" || fail "timeout problem: $(cat "$home/b")"
  awk -v s="$secs" 'BEGIN { exit !(s < 2) }' || fail "timed-out tile took $secs s"
done
# Many at once, more than the worker threads: none holds a worker for long.
burst=()
for i in $(seq 1 16); do
  curl -s -m 10 -o /dev/null -w '%{http_code}\n' "$s2/tiles/municipalities/5/28/12.mvt" >"$home/burst.$i" &
  burst+=($!)
done
read -r code secs < <(fetch "$s2$lookup")
[ "$code" = 200 ] || fail "lookup beside timed-out tiles: $code"
for p in "${burst[@]}"; do wait "$p" || true; done
cat "$home"/burst.* >"$home/burst"
# Each answer is the timeout or, when the database happened to finish this
# tile within the 1 ms (warm buffers, a quiet moment), the tile; nothing hangs
# (curl -m 10 would write 000) and nothing else comes back.
[ "$(grep -c '^504$' "$home/burst")" -ge 1 ] && [ "$(grep -cv '^\(504\|200\)$' "$home/burst")" -eq 0 ] \
  || fail "burst of slow tiles: $(sort "$home/burst" | uniq -c)"
read -r code _ < <(fetch "$s2/healthz"); [ "$code" = 200 ] || fail "healthz after the slow tiles: $code"
kill -TERM "$s2_pid"
wait "$s2_pid" || fail "server2 exited $?"
pids=("$s1_pid")
[ -f "$home/pgdata/postmaster.pid" ] || fail "server2 stopped the cluster that server1 still uses"
# The import commands have their own statement timeout.
rc=0
POLICYMAP_STATEMENT_TIMEOUT_IMPORTS_MS=1 "$bin" import boundaries "$data/n03-2021/s0010/N03-21_13_210101.json" \
  >/dev/null 2>"$home/slow-import.log" || rc=$?
[ "$rc" -eq 1 ] && grep -q "took too long" "$home/slow-import.log" || fail "import over a 1 ms timeout: exit $rc, $(tail -n 1 "$home/slow-import.log")"
read -r code _ < <(fetch "$s1$lookup"); [ "$code" = 200 ] || fail "lookup after the cancelled import: $code"
echo "faults: slow queries: 504 problem+json quickly, lookups still served; an import over its timeout stops with an error"

# --- 4. graceful shutdown -------------------------------------------------------
# Hold the tiles' geometry for 2 s so that an uncached tile is in flight when SIGTERM comes.
psql -qAt -X "$(db_url)" -c "BEGIN; LOCK TABLE tile_areas IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(2); COMMIT;" >/dev/null &
lock_pid=$!
sleep 0.3
curl -s -m 20 -o "$home/inflight.body" -w '%{http_code} %{time_total}\n' "$s1/tiles/municipalities/12/3638/1612.mvt" >"$home/inflight" &
inflight_pid=$!
sleep 0.3
term_at=$(now_ms)
kill -TERM "$s1_pid"
sleep 0.3
late=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$s1/healthz" || true)
case $late in 000 | 503) ;; *) fail "a new request after SIGTERM was answered $late" ;; esac
wait "$inflight_pid" || true
read -r code secs <"$home/inflight"
[ "$code" = 200 ] || fail "the request in flight at SIGTERM got $code"
[ -s "$home/inflight.body" ] || fail "the tile in flight at SIGTERM came back empty"
awk -v s="$secs" 'BEGIN { exit !(s > 1) }' || fail "the tile took $secs s: it was not held in flight"
wait "$lock_pid" || true
rc=0
wait "$s1_pid" || rc=$?
pids=()
[ "$rc" -eq 0 ] || fail "server exited $rc after SIGTERM"
stopped_ms=$(($(now_ms) - term_at))
[ ! -f "$home/pgdata/postmaster.pid" ] || fail "the embedded cluster is still running after the last server stopped"
grep -q "stopping embedded PostgreSQL" "$home/server1.log" || fail "server1 did not stop the cluster"
echo "faults: shutdown: in-flight tile answered 200 after ${secs}s, new request $late, exit 0 in ${stopped_ms} ms, cluster stopped"
