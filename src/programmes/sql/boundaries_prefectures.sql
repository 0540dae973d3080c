-- The prefectures whose areas this import replaced.
SELECT DISTINCT left(n03_007, 2) FROM n03_stage WHERE n03_007 IS NOT NULL ORDER BY 1;
