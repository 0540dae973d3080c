-- One vector tile of the `municipalities` layer: municipalities and wards,
-- with their programme counts. $1 = z, $2 = x, $3 = y.
-- Extent 4096 with a 64-unit buffer, so fills and strokes meet across tile edges.
WITH bounds AS (
    SELECT ST_TileEnvelope($1, $2, $3) AS env,
           ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096) AS env_margin
),
features AS (
    SELECT a.code::integer AS id,
           a.code,
           a.name,
           a.pref_code,
           a.level,
           coalesce(s.programmes, 0) AS programmes,
           coalesce(s.local, 0) AS local,
           ST_AsMVTGeom(a.geom_3857, b.env, 4096, 64, true) AS geom
    FROM areas a
    CROSS JOIN bounds b
    LEFT JOIN area_stats s ON s.area_code = a.code
    WHERE a.level IN ('municipality', 'ward')
      AND a.geom_3857 && b.env_margin
)
SELECT ST_AsMVT(features.*, 'municipalities', 4096, 'geom', 'id')
FROM features
WHERE geom IS NOT NULL;
