#!/usr/bin/env bash
# The production shape without containers: bench/capacity in a short run
# against the fixture's database, one instance and then two behind Debian's
# nginx configured from docker/nginx.conf. Passes when both runs answer
# without errors and nginx served a tile from its cache.
set -euo pipefail
state=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
url=$(node -e "process.stdout.write(JSON.parse(require('fs').readFileSync('$state/db.json', 'utf8')).url)")
out=$(BENCH_DATABASE_URL=$url BENCH_SECONDS=${BENCH_SECONDS:-2} BENCH_CONNECTIONS=8 "$root/bench/capacity" 2>&1) || {
  echo "$out" >&2
  exit 1
}
echo "$out"
grep -q '^one instance .* req/s' <<<"$out"
grep -q '^two instances behind nginx .* req/s' <<<"$out"
grep -q 'X-Cache-Status: HIT' <<<"$out" || { echo "nginx did not serve the tile from its cache" >&2; exit 1; }
