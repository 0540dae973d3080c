-- Readiness: the migrations this database has applied (compared with the
-- ones embedded in the binary). Cheap; run at most about once a second.
SELECT version
FROM schema_migrations
ORDER BY version;
