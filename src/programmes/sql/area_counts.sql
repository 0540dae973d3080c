-- Areas per level, for import reports and tests.
SELECT level, count(*) AS n FROM areas GROUP BY level ORDER BY level;
