-- Published programmes that apply everywhere in an area: coverage of the area
-- itself or of its ancestors (designated city, prefecture, JP), inside their
-- publication window now (Mirasapo's publish_date … unpublish_date; evaluated
-- at query time, not at import). $1 = area code.
-- scope: the level of the coverage that brought the programme here.
SELECT p.id, p.source, p.source_id, p.title,
       CASE min(CASE WHEN pa.area_code = 'JP' THEN 3 WHEN length(pa.area_code) = 2 THEN 2 ELSE 1 END)
           WHEN 1 THEN 'municipality' WHEN 2 THEN 'prefecture' ELSE 'national' END AS scope,
       p.acceptance_end
FROM area_links l
JOIN programme_areas pa ON pa.area_code = l.via_code
JOIN programmes p ON p.id = pa.programme_id
WHERE l.area_code = $1
  AND l.relation IN ('self', 'ancestor')
  AND programme_published_at(p.status, p.publish_start, p.publish_end, now())
GROUP BY p.id
ORDER BY min(CASE WHEN pa.area_code = 'JP' THEN 3 WHEN length(pa.area_code) = 2 THEN 2 ELSE 1 END),
         p.acceptance_end NULLS LAST, p.id;
