-- $1 agency id, $2 JSON array of area codes.
INSERT INTO agency_areas (agency_id, area_code)
SELECT $1, code FROM jsonb_array_elements_text($2::jsonb) AS code
ON CONFLICT DO NOTHING;
