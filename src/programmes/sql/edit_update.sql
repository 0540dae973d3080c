-- Replaces the fields of programme $1 if it is still at version $2 (no row
-- returned otherwise: someone else wrote first). Marks it agency-edited, so a
-- later snapshot sync reports a conflict instead of overwriting it.
-- $3 ref (agency programmes only; null: "#<id>"), $4.. as edit_insert.sql's $3..$15.
UPDATE programmes p
SET source_id = CASE WHEN p.source = 'agency'
                     THEN split_part(p.source_id, ':', 1) || ':' || coalesce($3, '#' || p.id)
                     ELSE p.source_id END,
    title = $4, catch_phrase = $5, summary = $6, institution_name = $7, employees = $8,
    max_amount = $9::bigint, rate = $10, acceptance_start = $11::timestamptz, acceptance_end = $12::timestamptz,
    purposes = ARRAY(SELECT jsonb_array_elements_text($13::jsonb)),
    industries = ARRAY(SELECT jsonb_array_elements_text($14::jsonb)),
    url = $15, status = $16,
    version = p.version + 1, updated_at = now(), agency_edited_at = now()
WHERE p.id = $1 AND p.version = $2
RETURNING p.id, p.version;
