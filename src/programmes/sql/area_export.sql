-- One batch of the area export (GET /v1/areas?format=...): areas in code
-- order after $1 (null = from the start), at most $2 of them, only those in
-- $3 (JSON array of codes) when not null; with their programme counts and,
-- when $4, their geometry generalised as for the z8 tiles, in WGS84.
SELECT a.code, a.name, a.level, a.pref_code, pr.name AS prefecture, a.parent_code, r.reading,
       coalesce(s.programmes, 0) AS programmes, coalesce(s.local, 0) AS local,
       CASE WHEN $4::boolean THEN
           ogc_geojson((SELECT ta.geom FROM tile_areas ta WHERE ta.band = 8 AND ta.code = a.code), 4326)
       END AS geometry
FROM areas a
LEFT JOIN areas pr ON pr.code = a.pref_code AND pr.level = 'prefecture' AND a.level <> 'prefecture'
LEFT JOIN area_readings r ON r.code = a.code
LEFT JOIN area_stats s ON s.area_code = a.code
WHERE ($1::text IS NULL OR a.code > $1::text)
  AND ($3::jsonb IS NULL OR a.code IN (SELECT jsonb_array_elements_text($3::jsonb)))
ORDER BY a.code
LIMIT $2::integer;
