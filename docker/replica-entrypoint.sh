#!/bin/bash
# A streaming replica: cloned from the primary with pg_basebackup on first start.
set -euo pipefail
PGDATA=${PGDATA:-/var/lib/postgresql/data}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h db-primary -p 5432; do sleep 1; done
  gosu postgres pg_basebackup -h db-primary -U replicator -D "$PGDATA" -R -X stream -P
  chmod 700 "$PGDATA"
fi
exec gosu postgres postgres -D "$PGDATA" -c hot_standby=on
