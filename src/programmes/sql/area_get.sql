-- One area with its parents (broadest first), children, and the published
-- programmes that apply there (as area_stats counts them: at every point of
-- the area or somewhere inside it; `local` leaves out the national ones),
-- by jGrants use_purpose. $1 = area code.
WITH a AS (SELECT * FROM areas WHERE code = $1::text),
reach AS (
    SELECT DISTINCT p.id, p.purposes, l.via_code <> 'JP' AS local
    FROM a
    JOIN area_links l ON l.area_code = a.code
    JOIN programme_areas pa ON pa.area_code = l.via_code
    JOIN programmes p ON p.id = pa.programme_id
    WHERE programme_published_at(p.status, p.publish_start, p.publish_end, now())
)
SELECT a.code, a.name, a.level,
       pr.code AS pref_code, pr.name AS pref_name,
       r.reading,
       ST_X(a.label_point) AS lon, ST_Y(a.label_point) AS lat,
       ST_XMin(a.geom) AS west, ST_YMin(a.geom) AS south, ST_XMax(a.geom) AS east, ST_YMax(a.geom) AS north,
       (SELECT coalesce(json_agg(json_build_object('code', x.code, 'name', x.name, 'level', x.level)
                                 ORDER BY length(x.code), x.code), '[]')::text
        FROM areas x
        WHERE a.level <> 'prefecture'
          AND (x.code = a.pref_code AND x.level = 'prefecture'
               OR a.level = 'ward' AND x.code = a.parent_code)) AS parents,
       (SELECT coalesce(json_agg(json_build_object('code', x.code, 'name', x.name, 'level', x.level)
                                 ORDER BY x.code), '[]')::text
        FROM areas x
        WHERE x.parent_code = a.code AND x.code <> a.code) AS children,
       (SELECT count(DISTINCT id) FROM reach) AS programmes,
       (SELECT count(DISTINCT id) FILTER (WHERE local) FROM reach) AS local,
       (SELECT coalesce(json_object_agg(u, n ORDER BY u), '{}')::text
        FROM (SELECT u, count(DISTINCT id) AS n FROM reach, unnest(reach.purposes) AS u GROUP BY u) s) AS by_purpose
FROM a
LEFT JOIN areas pr ON pr.code = a.pref_code AND pr.level = 'prefecture' AND a.level <> 'prefecture'
LEFT JOIN area_readings r ON r.code = a.code;
