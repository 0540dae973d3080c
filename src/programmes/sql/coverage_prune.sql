-- Removes coverage codes of programme $1 that are not in the JSON array $2.
DELETE FROM programme_areas
WHERE programme_id = $1
  AND area_code <> ALL (ARRAY(SELECT jsonb_array_elements_text($2::jsonb)));
