-- The municipality or ward at a point. $1 = lon, $2 = lat (WGS84). On a
-- shared boundary the lower code wins, so the answer is stable.
-- data_version (0003_search.sql), read in the same snapshot, lets the server
-- reuse what it answered for the area while nothing has changed.
SELECT a.code, (SELECT version FROM data_version) AS data_version
FROM areas a
WHERE a.level IN ('municipality', 'ward')
  AND ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))
ORDER BY a.code
LIMIT 1;
