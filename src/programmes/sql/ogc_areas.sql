-- Features of the OGC API collections `prefectures` and `municipalities`
-- (municipalities and Tokyo's / designated cities' wards: the areas that
-- tile Japan without overlapping; designated cities are a property of their
-- wards), one GeoJSON Feature text per row, with the number matched.
-- $1-$4 bbox west, south, east, north in WGS84 degrees, or null
-- $5 collection: 'prefectures' | 'municipalities'
-- $6 name, $7 pref_code, $8 level: property filters (equality) or null
-- $9 output srid (4326 = CRS84, 6668, 3857)
-- $10 generalisation band of tile_areas (0004_tiles.sql), null = the
--     imported geometry
-- $11 limit, $12 offset, $13 one code (single item) or null
-- Rows: the page (ordered by code), or one row with a null feature when the
-- page is empty; every row carries the total.
WITH env AS (
    SELECT CASE WHEN $1::float8 IS NULL THEN NULL
                -- The envelope of the two corners: a point or a line when the bbox
                -- has no area (ST_MakeEnvelope would give a degenerate polygon
                -- that intersects nothing).
                ELSE ST_SetSRID(ST_Envelope(ST_MakeLine(ST_MakePoint($1::float8, $2::float8),
                                                        ST_MakePoint($3::float8, $4::float8))), 4326) END AS g
),
filtered AS MATERIALIZED (
    SELECT a.code
    FROM areas a, env
    WHERE CASE $5::text WHEN 'prefectures' THEN a.level = 'prefecture'
                        ELSE a.level IN ('municipality', 'ward') END
      AND ($13::text IS NULL OR a.code = $13::text)
      AND (env.g IS NULL OR (a.geom && env.g AND ST_Intersects(a.geom, env.g)))
      AND ($6::text IS NULL OR a.name = $6::text)
      AND ($7::text IS NULL OR a.pref_code = $7::text)
      AND ($8::text IS NULL OR a.level = $8::text)
),
page AS (
    SELECT code FROM filtered ORDER BY code LIMIT $11::integer OFFSET $12::integer
)
SELECT t.matched,
       CASE WHEN a.code IS NOT NULL THEN json_build_object(
           'type', 'Feature',
           'id', a.code,
           'geometry', ogc_geojson(CASE WHEN $10::integer IS NULL THEN a.geom
                                        ELSE (SELECT ta.geom FROM tile_areas ta
                                              WHERE ta.band = $10::integer AND ta.code = a.code) END,
                                   $9::integer)::json,
           'properties', json_strip_nulls(json_build_object(
               'code', a.code,
               'name', a.name,
               'level', a.level,
               'pref_code', CASE WHEN a.level <> 'prefecture' THEN a.pref_code END,
               'prefecture', pr.name,
               'designated_city', dc.code,
               'designated_city_name', dc.name,
               'county', a.county,
               'programmes', coalesce(s.programmes, 0),
               'local', coalesce(s.local, 0)))
       )::text END AS feature
FROM (SELECT count(*) AS matched FROM filtered) t
LEFT JOIN (page pg
           JOIN areas a ON a.code = pg.code
           LEFT JOIN areas pr ON pr.code = a.pref_code AND pr.level = 'prefecture' AND a.level <> 'prefecture'
           LEFT JOIN areas dc ON dc.code = a.parent_code AND dc.level = 'designated_city'
           LEFT JOIN area_stats s ON s.area_code = a.code) ON true
ORDER BY a.code;
