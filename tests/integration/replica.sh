#!/usr/bin/env bash
# CTest fixture for the read-replica tests: `start` clones the integration
# fixture's embedded primary with pg_basebackup (streaming, with a replication
# slot) and starts the clone as a hot-standby replica on a free loopback port;
# its URL goes to STATE_DIR/replica/url. `stop` stops it and drops the slot.
# The primary's pg_hba (initdb's defaults) already allows replication from
# 127.0.0.1 for its superuser, and wal_level=replica is PostgreSQL's default.
set -euo pipefail
action=$1 state=$2
pg_bin=/usr/lib/postgresql/15/bin
dir=$state/replica
slot=policymap_it_replica

as_owner=()
[ "$(id -u)" -eq 0 ] && as_owner=(runuser -u postgres --)

field() { node -e "process.stdout.write(String(JSON.parse(require('fs').readFileSync('$state/db.json','utf8'))['$1']))"; }

primary_sql() {
  PGPASSWORD=$(field password) "$pg_bin/psql" -X -q -t -A -h 127.0.0.1 -p "$(field port)" -U "$(field user)" \
    -d "$(field dbname)" -c "$1"
}

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "replica.sh: no free port" >&2
  return 1
}

stop_replica() {
  [ -f "$dir/home" ] || return 0
  home=$(cat "$dir/home")
  if [ -f "$home/pgdata/postmaster.pid" ]; then
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$home/pgdata" -m fast -w -t 60 stop >/dev/null || \
      "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$home/pgdata" -m immediate stop >/dev/null || true
  fi
  rm -rf "$home"
  rm -f "$dir/home" "$dir/url"
  primary_sql "SELECT pg_drop_replication_slot('$slot') FROM pg_replication_slots WHERE slot_name = '$slot'" \
    >/dev/null 2>&1 || true
}

case $action in
start)
  [ -f "$state/db.json" ] || { echo "replica.sh: no primary (run the integration_setup fixture)" >&2; exit 1; }
  stop_replica || true
  mkdir -p "$dir"
  home=$(mktemp -d /tmp/policymap-replica.XXXXXX)
  chmod 755 "$home"
  echo "$home" >"$dir/home"
  [ "$(id -u)" -eq 0 ] && chown postgres "$home"
  port=$(free_port)
  # -R writes primary_conninfo and standby.signal; -C -S keeps the WAL the replica still needs.
  "${as_owner[@]}" env PGPASSWORD="$(field password)" timeout 300 "$pg_bin/pg_basebackup" \
    -h 127.0.0.1 -p "$(field port)" -U "$(field user)" -D "$home/pgdata" -R -X stream -C -S "$slot" \
    -c fast >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
  # The standby needs at least the primary's max_connections (set on its command line).
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$home/pgdata" -l "$home/replica.log" -w -t 120 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c max_connections=200 -c hot_standby=on -c jit=off" \
    start >"$dir/pg_ctl.log" 2>&1 || { cat "$dir/pg_ctl.log" "$home/replica.log" >&2; exit 1; }
  url="postgresql://$(field user):$(field password)@127.0.0.1:$port/$(field dbname)"
  in_recovery=$(PGPASSWORD=$(field password) "$pg_bin/psql" -X -t -A -h 127.0.0.1 -p "$port" -U "$(field user)" \
    -d "$(field dbname)" -c "SELECT pg_is_in_recovery()")
  [ "$in_recovery" = t ] || { echo "replica.sh: the clone is not a standby" >&2; exit 1; }
  echo "$url" >"$dir/url"
  chmod 600 "$dir/url"
  echo "replica.sh: streaming replica on 127.0.0.1:$port"
  ;;
stop)
  stop_replica
  ;;
*) echo "usage: replica.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
