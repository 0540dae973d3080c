-- Closes (never deletes) the published programmes of source $1 that the
-- snapshot (JSON array $2 of source ids) no longer lists. Rows an agency has
-- edited are left alone. Returns the closed ids.
UPDATE programmes
SET status = 'closed', version = version + 1, updated_at = now()
WHERE source = $1
  AND status = 'published'
  AND agency_edited_at IS NULL
  AND source_id <> ALL (ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))
RETURNING id;
