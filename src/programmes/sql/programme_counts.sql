-- Programmes per source and status, for import reports and tests.
SELECT source, status, count(*) AS n FROM programmes GROUP BY source, status ORDER BY source, status;
