-- Recounts, for every area, the published programmes that apply there: at
-- every point (self, ancestors) or somewhere inside (descendants), national
-- ones included in `programmes` and left out of `local`.
TRUNCATE area_stats;
INSERT INTO area_stats (area_code, programmes, local)
SELECT a.code,
       count(DISTINCT pa.programme_id),
       count(DISTINCT pa.programme_id) FILTER (WHERE l.via_code <> 'JP')
FROM areas a
LEFT JOIN area_links l ON l.area_code = a.code
LEFT JOIN programme_areas pa ON pa.area_code = l.via_code
LEFT JOIN programmes p ON p.id = pa.programme_id
WHERE p.id IS NULL OR p.status = 'published'
GROUP BY a.code;
