#!/usr/bin/env bash
# Side by side: policymap (warm: 256 MiB tile cache; cold: cache off) against
# the peers of ../shared/bench/peers (nginx serving pre-generated tiles,
# MapServer 8 over FastCGI, the raw ST_AsMVT line in PostgreSQL), same
# machine, same N03 s0010 data, same tile list, same wrk settings, in one run.
#
#   bench/run.sh [-d SECONDS] [-n RUNS] [-c CONNS] [--threads N] [--reimport] [--cgi]
#
# policymap runs on the peers' PostgreSQL cluster (127.0.0.1:55432) in its own
# database `policymap_bench`, imported once (boundaries + the jGrants
# snapshots; --reimport forces it again). Prints the peers' table, the
# ratios against the targets, p99 at 64 connections (warm), and the warm
# server's resident memory after it has served the whole list.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peers=${PEERS_DIR:-$root/../shared/bench/peers}
data=${POLICYMAP_DATA:-$root/../shared/geodata}
bin=$root/build/policymap
DUR=10 RUNS=3 CONNS=32 THREADS=${POLICYMAP_BENCH_THREADS:-4} REIMPORT=0 CGI=--no-cgi
while [ $# -gt 0 ]; do
  case $1 in
    -d) DUR=$2; shift 2 ;;
    -n) RUNS=$2; shift 2 ;;
    -c) CONNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --reimport) REIMPORT=1; shift ;;
    --cgi) CGI=; shift ;;
    *) echo "usage: bench/run.sh [-d SECONDS] [-n RUNS] [-c CONNS] [--threads N] [--reimport] [--cgi]" >&2; exit 2 ;;
  esac
done
[ -x "$bin" ] || { echo "bench: build policymap first (scripts/setup)" >&2; exit 1; }
[ -x "$peers/run.sh" ] || { echo "bench: peers harness not found at $peers" >&2; exit 1; }
"$root/bench/setup"

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
log "peers: starting (idempotent)"
"$peers/start.sh" >&2

db=postgresql://postgres@127.0.0.1:55432/policymap_bench
if ! psql -X -q "postgresql://postgres@127.0.0.1:55432/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'policymap_bench'" | grep -q 1; then
  psql -X -q "postgresql://postgres@127.0.0.1:55432/postgres" -c "CREATE DATABASE policymap_bench"
  REIMPORT=1
fi
if [ "$REIMPORT" = 1 ] || [ "$(psql -X -q "$db" -tAc "SELECT count(*) FROM tile_areas" 2>/dev/null || echo 0)" = 0 ]; then
  log "policymap: importing boundaries and programmes into policymap_bench"
  DATABASE_URL=$db timeout 900 "$bin" import boundaries "$data"/n03-2021/s0010/N03-21_*_210101.json \
    "$data/n03-2021/s0010/prefectures.json" >/dev/null
  DATABASE_URL=$db timeout 600 "$bin" import programmes "$data"/jgrants/jgrants-*.json >/dev/null
fi

# Our two servers, stopped by their pids on exit (start_server runs in a
# command substitution, so the pids travel through files).
cleanup() {
  for name in warm cold; do
    [ -f /tmp/policymap-bench-$name.pid ] && kill "$(cat /tmp/policymap-bench-$name.pid)" 2>/dev/null || true
    rm -f /tmp/policymap-bench-$name.pid
  done
}
trap cleanup EXIT
start_server() {  # name cache_mb -> prints base URL
  local out=/tmp/policymap-bench-$1.out
  DATABASE_URL=$db POLICYMAP_TILE_CACHE_MB=$2 "$bin" serve --port 0 --threads "$THREADS" >"$out" 2>/tmp/policymap-bench-$1.log &
  echo $! >/tmp/policymap-bench-$1.pid
  for _ in $(seq 1 100); do grep -q "listening on" "$out" 2>/dev/null && break; sleep 0.1; done
  sed -n 's/.*listening on \(http[^ ]*\)\//\1/p' "$out"
}
warm=$(start_server warm 256)
cold=$(start_server cold 0)
warm_pid=$(cat /tmp/policymap-bench-warm.pid)
log "policymap warm at $warm (256 MiB cache), cold at $cold (cache off), $THREADS threads each"
pattern=/tiles/municipalities/{z}/{x}/{y}.mvt

table=$(timeout 1800 "$peers/run.sh" --all --postgis $CGI -d "$DUR" -n "$RUNS" -c "$CONNS" \
  "policymap-warm=$warm$pattern" "policymap-cold=$cold$pattern")
echo "$table"
rps() { awk -v p="$1" '$1 == p {print $2}' <<<"$table"; }
p99() { awk -v p="$1" '$1 == p {print $4}' <<<"$table"; }

log "p99 at 64 connections, warm"
table64=$(timeout 600 "$peers/run.sh" --no-start -d "$DUR" -n "$RUNS" -c 64 "policymap-warm=$warm$pattern")
p99_64=$(awk '$1 == "policymap-warm" {print $4}' <<<"$table64")
rss_kb=$(awk '/^VmRSS/ {print $2}' /proc/"$warm_pid"/status)
stats=$(curl -s "$warm/tiles/cache")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = (dir == ">=") ? (v >= t) : (v < t); print ok ? "met" : "NOT met" }'; }
w=$(rps policymap-warm) c=$(rps policymap-cold) s=$(rps static) m=$(rps mapserver) pg=$(rps postgis-c2)
r1=$(ratio "$w" "$s") r2=$(ratio "$c" "$m") r3=$(ratio "$c" "$pg")
rss_mb=$((rss_kb / 1024))
echo
echo "# targets (wrk -c$CONNS -d${DUR}s, median of $RUNS; p99 at -c64; RSS of the warm server after all runs)"
printf '%-44s %10s %8s  %s\n' "measure" "value" "target" "verdict"
printf '%-44s %10s %8s  %s\n' "warm / nginx static (rps)" "$r1" ">=0.7" "$(verdict "$r1" 0.7 '>=')"
printf '%-44s %10s %8s  %s\n' "cold / MapServer (rps)" "$r2" ">=2" "$(verdict "$r2" 2 '>=')"
printf '%-44s %10s %8s  %s\n' "cold / raw PostGIS pgbench -c2 (tiles/s)" "$r3" ">=1.5" "$(verdict "$r3" 1.5 '>=')"
printf '%-44s %10s %8s  %s\n' "warm p99 at 64 connections (ms)" "$p99_64" "<50" "$(verdict "$p99_64" 50 '<')"
printf '%-44s %10s %8s  %s\n' "warm RSS, 256 MiB cache (MB)" "$rss_mb" "<400" "$(verdict "$rss_mb" 400 '<')"
echo "# warm tile cache: $stats"
