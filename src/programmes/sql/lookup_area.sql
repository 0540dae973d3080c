-- The municipality or ward at a point, with its designated city and prefecture.
-- $1 = lon, $2 = lat (WGS84). On a shared boundary the lower code wins, so the
-- answer is stable.
-- data_version (0003_search.sql) lets the server reuse the programme list of
-- the area while nothing has changed.
SELECT a.code, a.name, a.level,
       (SELECT version FROM data_version) AS data_version,
       d.code AS city_code, d.name AS city_name,
       p.code AS pref_code, p.name AS pref_name
FROM areas a
LEFT JOIN areas d ON d.code = a.parent_code AND d.level = 'designated_city'
LEFT JOIN areas p ON p.code = a.pref_code AND p.level = 'prefecture'
WHERE a.level IN ('municipality', 'ward')
  AND ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))
ORDER BY a.code
LIMIT 1;
