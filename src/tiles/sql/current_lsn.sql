-- The primary's current WAL insert position, in bytes from 0/0. Read after a
-- change notice arrives (notices are delivered only after commit), it is past
-- the commit record of that change. Not pg_current_wal_lsn(): that is the
-- position written out so far, which with synchronous_commit = off can still
-- be behind a commit that has already been announced.
SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint;
