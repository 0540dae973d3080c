#!/usr/bin/env bash
# The embedded cluster as an ordinary user (and, when we are root, as the
# `postgres` user the root path drops to — covered by the main fixture):
# a first start creates it, a second reuses it, and the last process stops it.
set -euo pipefail
bin=$1
home=$(mktemp -d /tmp/policymap-user.XXXXXX)
trap 'rm -rf "$home"' EXIT
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  chown nobody "$home"
  as_user=(runuser -u nobody --)
fi
run() { "${as_user[@]}" env POLICYMAP_HOME="$home" DATABASE_URL= "$bin" "$@"; }

out=$(run migrate)
[ "$out" = '{"status":"migrated"}' ] || { echo "first migrate printed: $out" >&2; exit 1; }
[ -f "$home/pgdata/PG_VERSION" ] || { echo "no cluster created" >&2; exit 1; }
owner=$(stat -c %U "$home/pgdata")
[ "$owner" = "$(${as_user[@]} id -un)" ] || { echo "cluster owned by $owner" >&2; exit 1; }
[ ! -f "$home/pgdata/postmaster.pid" ] || { echo "cluster left running after the command" >&2; exit 1; }
[ "$(stat -c %a "$home/embedded.json")" = 600 ] || { echo "embedded.json is readable by others" >&2; exit 1; }
out=$(run migrate)
[ "$out" = '{"status":"migrated"}' ] || { echo "second migrate printed: $out" >&2; exit 1; }
echo "embedded cluster: created, reused and stopped as $(${as_user[@]} id -un)"
