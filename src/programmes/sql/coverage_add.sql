-- Adds the coverage codes in the JSON array $2 to programme $1 (existing ones stay).
INSERT INTO programme_areas (programme_id, area_code)
SELECT $1, code FROM jsonb_array_elements_text($2::jsonb) AS code
ON CONFLICT DO NOTHING;
