-- A new agency programme. $1 agency id, $2 ref (null: generated "#<id>"),
-- $3 title, $4 catch_phrase, $5 summary, $6 institution_name, $7 employees,
-- $8 max_amount, $9 rate, $10 acceptance_start, $11 acceptance_end,
-- $12 purposes (JSON array), $13 industries (JSON array), $14 url, $15 status.
-- Returns (id, version).
WITH n AS (SELECT nextval(pg_get_serial_sequence('programmes', 'id')) AS id)
INSERT INTO programmes (id, source, source_id, title, catch_phrase, summary, institution_name, employees,
                        max_amount, rate, acceptance_start, acceptance_end, purposes, industries, url, status,
                        owner_agency_id, agency_edited_at, version)
SELECT n.id, 'agency', $1::bigint || ':' || coalesce($2, '#' || n.id), $3, $4, $5, $6, $7,
       $8::bigint, $9, $10::timestamptz, $11::timestamptz,
       ARRAY(SELECT jsonb_array_elements_text($12::jsonb)),
       ARRAY(SELECT jsonb_array_elements_text($13::jsonb)),
       $14, $15, $1::bigint, now(), 1
FROM n
RETURNING id, version;
