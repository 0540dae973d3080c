#!/usr/bin/env bash
# Times a 2,000-row CSV upload (POST /v1/agency/import), dry run and applied,
# against a throwaway server with its own embedded PostGIS and the 東京都
# boundaries. Usage: bench/agency_import.sh [ROWS]   (build first: scripts/setup)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-2000}
bin=build/policymap
data=${POLICYMAP_DATA:-$(cd .. && pwd)/shared/geodata}
home=$(mktemp -d /tmp/policymap-bench.XXXXXX)
chmod 755 "$home"
export POLICYMAP_HOME=$home
unset DATABASE_URL
cleanup() {
  [ -n "${pid:-}" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT

"$bin" serve --port 0 >"$home/server.out" 2>"$home/server.log" &
pid=$!
for _ in $(seq 1 600); do grep -q "listening on" "$home/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\)/\1/p' "$home/server.out")
"$bin" import boundaries "$data"/n03-2021/s0010/N03-21_13_210101.json "$data/n03-2021/s0010/prefectures.json" >/dev/null 2>&1 || [ $? -eq 3 ]  # 3: other prefectures have no municipalities here
agency=$("$bin" agency create --name "bench 東京都" --areas 13 2>/dev/null | sed 's/[^0-9]//g')
token=$("$bin" agency token "$agency" 2>/dev/null | sed 's/.*"token":"\([^"]*\)".*/\1/')

csv=$home/upload.csv
printf '\xEF\xBB\xBFref,title,summary,areas,purposes,industries,max_amount,acceptance_start,acceptance_end,url,status\r\n' >"$csv"
codes=(13101 13102 13103 13104 13105 13201 13202 13203 13204 13205 "東京都府中市" 13)
for i in $(seq 1 "$rows"); do
  code=${codes[$((i % ${#codes[@]}))]}
  printf 'B-%05d,令和8年度 事業者支援補助金 第%d号,"概要 %d, 複数行\r\n2行目",%s,設備整備・IT導入をしたい / 人材育成を行いたい,製造業,"1,000,000",2026/04/01,令和8年11月30日,https://example.lg.jp/%d,published\r\n' \
    "$i" "$i" "$i" "$code" "$i" >>"$csv"
done

time_upload() {
  curl -s -o "$home/out.json" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: text/csv' -H 'Expect:' --data-binary @"$csv" "${url}v1/agency/import$1"
}
echo "rows: $rows, CSV bytes: $(stat -c %s "$csv")"
echo "dry run:       $(time_upload '?dry_run=true') s"
echo "apply (create): $(time_upload '') s"
echo "apply (update): $(time_upload '') s"
head -c 200 "$home/out.json"; echo
