-- The coverage of the programmes $1 (JSON array of ids) as GeoJSON in WGS84:
-- the union of their coverage areas generalised as for the z6 tiles; no row
-- for a nationwide programme (coverage 'JP') or one without areas.
SELECT pa.programme_id AS id, ogc_geojson(ST_Multi(ST_Union(ta.geom)), 4326) AS geometry
FROM programme_areas pa
JOIN tile_areas ta ON ta.band = 6 AND ta.code = pa.area_code
WHERE pa.programme_id IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)
  AND NOT EXISTS (SELECT 1 FROM programme_areas j WHERE j.programme_id = pa.programme_id AND j.area_code = 'JP')
GROUP BY pa.programme_id;
