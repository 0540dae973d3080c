-- Features of the OGC API collection `programmes`: every programme published
-- now, its geometry the union of its coverage areas (null for a nationwide
-- programme, whose coverage is 'JP'), one GeoJSON Feature text per row.
-- $1-$4 bbox west, south, east, north in WGS84 degrees, or null: programmes
--     with a coverage area that intersects it (nationwide ones have no
--     geometry, so a bbox leaves them out, as OGC API - Features says)
-- $5, $6 datetime interval start and end (null = open): programmes whose
--     acceptance window (no window = always) meets it
-- $7 source, $8 purpose (one of `purposes`), $9 area (a coverage code):
--     property filters or null
-- $10 output srid (4326 = CRS84, 6668, 3857)
-- $11 generalisation band of tile_areas (0004_tiles.sql): 6 for lists, 10
--     (the imported geometry, noded) for single items
-- $12 limit, $13 offset, $14 one id (single item) or null
-- Rows: the page (ordered by id), or one row with a null feature; every row
-- carries the total.
WITH env AS (
    SELECT CASE WHEN $1::float8 IS NULL THEN NULL
                -- The envelope of the two corners: a point or a line when the bbox
                -- has no area (ST_MakeEnvelope would give a degenerate polygon
                -- that intersects nothing).
                ELSE ST_SetSRID(ST_Envelope(ST_MakeLine(ST_MakePoint($1::float8, $2::float8),
                                                        ST_MakePoint($3::float8, $4::float8))), 4326) END AS g
),
hits AS MATERIALIZED (
    -- The areas inside the bbox, once, rather than one test per programme.
    SELECT a.code FROM areas a, env WHERE env.g IS NOT NULL AND a.geom && env.g AND ST_Intersects(a.geom, env.g)
),
filtered AS MATERIALIZED (
    SELECT p.id
    FROM programmes p
    WHERE programme_published_at(p.status, p.publish_start, p.publish_end, now())
      AND ($14::bigint IS NULL OR p.id = $14::bigint)
      AND ($1::float8 IS NULL OR (EXISTS (SELECT 1 FROM programme_areas pa
                                          WHERE pa.programme_id = p.id AND pa.area_code IN (SELECT code FROM hits))
                                  AND NOT EXISTS (SELECT 1 FROM programme_areas pa
                                                  WHERE pa.programme_id = p.id AND pa.area_code = 'JP')))
      AND ($5::timestamptz IS NULL OR p.acceptance_end IS NULL OR p.acceptance_end >= $5::timestamptz)
      AND ($6::timestamptz IS NULL OR p.acceptance_start IS NULL OR p.acceptance_start <= $6::timestamptz)
      AND ($7::text IS NULL OR p.source = $7::text)
      AND ($8::text IS NULL OR $8::text = ANY (p.purposes))
      AND ($9::text IS NULL OR EXISTS (SELECT 1 FROM programme_areas pa
                                       WHERE pa.programme_id = p.id AND pa.area_code = $9::text))
),
page AS (
    SELECT id FROM filtered ORDER BY id LIMIT $12::integer OFFSET $13::integer
)
SELECT t.matched,
       CASE WHEN p.id IS NOT NULL THEN json_build_object(
           'type', 'Feature',
           'id', p.id,
           'geometry', CASE WHEN NOT nw.nationwide THEN
                           (SELECT ogc_geojson(ST_Multi(ST_Union(ta.geom)), $10::integer)
                            FROM programme_areas pa
                            JOIN tile_areas ta ON ta.band = $11::integer AND ta.code = pa.area_code
                            WHERE pa.programme_id = p.id)::json END,
           -- Unknown values (no amount, no window) are left out rather than null,
           -- as the collection's JSON Schema describes them.
           'properties', json_strip_nulls(json_build_object(
               'title', p.title,
               'source', p.source,
               'source_id', p.source_id,
               'institution_name', p.institution_name,
               'purposes', array_to_json(p.purposes),
               'industries', array_to_json(p.industries),
               'max_amount', p.max_amount,
               'rate', p.rate,
               'acceptance_start', to_char(p.acceptance_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
               'acceptance_end', to_char(p.acceptance_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
               'url', p.url,
               'nationwide', nw.nationwide,
               'areas', (SELECT coalesce(json_agg(pa.area_code ORDER BY pa.area_code), '[]')
                         FROM programme_areas pa WHERE pa.programme_id = p.id)))
       )::text END AS feature
FROM (SELECT count(*) AS matched FROM filtered) t
LEFT JOIN (page pg
           JOIN programmes p ON p.id = pg.id
           CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM programme_areas pa
                                              WHERE pa.programme_id = p.id AND pa.area_code = 'JP') AS nationwide) nw)
          ON true
ORDER BY p.id;
