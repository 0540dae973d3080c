-- One vector tile of the `labels` layer: one point per area inside its
-- polygon, with name and programme counts. Prefectures up to z8,
-- municipalities from z7, designated cities at z7-8, their wards from z9.
-- $1 = z, $2 = x, $3 = y; $4 = filtered, $5 = purposes (text[]), $6 = open only,
-- $7 = the moment for `open`. Returns the tile and the codes of its areas
-- (the tile cache drops a tile when one of them changes).
-- Extent 4096 with a 64-unit buffer, so fills and strokes meet across tile edges.
WITH bounds AS (
    SELECT ST_TileEnvelope($1, $2, $3) AS env,
           ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096) AS env_margin
),
-- Filtered counts only ($4): published programmes matching the purposes
-- ($5, empty = any) and, when $6, accepting applications at $7.
matching AS (
    SELECT p.id
    FROM programmes p
    WHERE $4
      AND p.status = 'published'
      AND (cardinality($5::text[]) = 0 OR p.purposes && $5::text[])
      AND (NOT $6 OR ((p.acceptance_start IS NULL OR p.acceptance_start <= $7::timestamptz)
                      AND (p.acceptance_end IS NULL OR $7::timestamptz < p.acceptance_end)))
),
national AS (
    SELECT DISTINCT m.id
    FROM matching m
    JOIN programme_areas pa ON pa.programme_id = m.id AND pa.area_code = 'JP'
),
national_count AS (
    SELECT count(*)::integer AS n FROM national
),
-- MATERIALIZED: ST_AsMVTGeom runs once per area, not again for the filter below.
features AS MATERIALIZED (
    SELECT t.code::integer AS id,
           t.code,
           t.name,
           t.pref_code,
           t.level,
           CASE WHEN $4 THEN nc.n + f.local - f.national ELSE coalesce(s.programmes, 0) END AS programmes,
           CASE WHEN $4 THEN f.local ELSE coalesce(s.local, 0) END AS local,
           ST_AsMVTGeom(t.geom, b.env, 4096, 64, true) AS geom
    FROM tile_labels t
    CROSS JOIN bounds b
    CROSS JOIN national_count nc
    -- Per-row index lookups: cheaper than hashing all of area_stats for the few areas of a tile.
    LEFT JOIN LATERAL (SELECT st.programmes, st.local FROM area_stats st WHERE st.area_code = t.code) s ON true
    LEFT JOIN LATERAL (
        SELECT count(DISTINCT pa.programme_id)::integer AS local,
               count(DISTINCT pa.programme_id) FILTER (WHERE pa.programme_id IN (SELECT id FROM national))::integer AS national
        FROM area_links l
        JOIN programme_areas pa ON pa.area_code = l.via_code
        JOIN matching m ON m.id = pa.programme_id
        WHERE $4 AND l.area_code = t.code AND l.via_code <> 'JP'
    ) f ON true
    WHERE t.level IN (CASE WHEN $1 <= 8 THEN 'prefecture' END,
                      CASE WHEN $1 >= 7 THEN 'municipality' END,
                      CASE WHEN $1 BETWEEN 7 AND 8 THEN 'designated_city' END,
                      CASE WHEN $1 >= 9 THEN 'ward' END)
      AND t.geom && b.env_margin
)
-- Ordered, so that the same data always gives the same bytes (and ETag) whatever the plan.
SELECT ST_AsMVT(features.*, 'labels', 4096, 'geom', 'id' ORDER BY features.code), array_agg(features.code)
FROM features
WHERE geom IS NOT NULL;
