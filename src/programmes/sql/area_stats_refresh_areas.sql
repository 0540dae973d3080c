-- Recounts area_stats (as area_stats_refresh.sql does) only for the areas a
-- change of the coverage codes in the JSON array $1 can affect: every area
-- linked to one of them (the area itself, its ancestors, its descendants).
WITH changed AS (SELECT jsonb_array_elements_text($1::jsonb) AS code),
affected AS (SELECT DISTINCT l.area_code FROM area_links l JOIN changed c ON c.code = l.via_code)
INSERT INTO area_stats (area_code, programmes, local)
SELECT a.code,
       count(DISTINCT pa.programme_id) FILTER (WHERE p.status = 'published'),
       count(DISTINCT pa.programme_id) FILTER (WHERE p.status = 'published' AND l.via_code <> 'JP')
FROM areas a
JOIN affected f ON f.area_code = a.code
LEFT JOIN area_links l ON l.area_code = a.code
LEFT JOIN programme_areas pa ON pa.area_code = l.via_code
LEFT JOIN programmes p ON p.id = pa.programme_id
GROUP BY a.code
ORDER BY a.code
ON CONFLICT (area_code) DO UPDATE SET programmes = EXCLUDED.programmes, local = EXCLUDED.local;
