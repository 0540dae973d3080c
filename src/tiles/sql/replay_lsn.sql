-- How far this read replica has replayed the primary's WAL, in bytes from 0/0;
-- NULL on a server that is not in recovery (the primary itself).
SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint;
