-- Per source: snapshots imported so far, when the last one was imported (Unix
-- seconds) and its capture time, and the programmes it holds by status; for /metrics.
SELECT s.source,
       count(*)::bigint AS snapshots,
       extract(epoch FROM max(s.imported_at))::float8 AS last_imported,
       (SELECT count(*) FROM programmes p WHERE p.source = s.source AND p.status = 'published')::bigint AS published,
       (SELECT count(*) FROM programmes p WHERE p.source = s.source AND p.status = 'closed')::bigint AS closed
FROM source_snapshots s
GROUP BY s.source
ORDER BY s.source;
