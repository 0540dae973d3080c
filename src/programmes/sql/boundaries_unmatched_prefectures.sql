-- Prefecture polygons whose name matched no known prefecture code.
SELECT DISTINCT s.n03_001
FROM n03_stage s
WHERE s.is_prefecture
  AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.level = 'prefecture' AND a.name = s.n03_001)
ORDER BY 1;
