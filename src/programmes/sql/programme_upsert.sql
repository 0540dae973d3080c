-- Adds a programme from a source snapshot, or updates it when its record
-- changed or it had been closed (version bumped). A programme an agency has
-- edited through the API (agency_edited_at set) is never overwritten by a sync.
-- Returns a row only when something was written: (id, inserted).
-- $1 source, $2 source_id, $3 title, $4 catch_phrase, $5 summary,
-- $6 institution_name, $7 target_area_search, $8 target_area_detail,
-- $9 employees, $10 max_amount, $11 rate, $12 acceptance_start,
-- $13 acceptance_end, $14 purposes (JSON array), $15 industries (JSON array),
-- $16 url, $17 raw record (JSON), $18 unresolved note, $19 body,
-- $20 target, $21 publish_start, $22 publish_end, $23 source_categories
-- (JSON object), $24 owner agency id (null: keep the current owner),
-- $25 application_target
INSERT INTO programmes AS p (
    source, source_id, title, catch_phrase, summary, institution_name,
    target_area_search, target_area_detail, employees, max_amount, rate,
    acceptance_start, acceptance_end, purposes, industries, url, raw, unresolved, status,
    body, target, publish_start, publish_end, source_categories, owner_agency_id, application_target)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::bigint, $11,
        $12::timestamptz, $13::timestamptz,
        ARRAY(SELECT jsonb_array_elements_text($14::jsonb)),
        ARRAY(SELECT jsonb_array_elements_text($15::jsonb)),
        $16, $17::jsonb, $18, 'published',
        $19, $20, $21::timestamptz, $22::timestamptz, $23::jsonb, $24::bigint, $25)
ON CONFLICT (source, source_id) DO UPDATE
SET title = EXCLUDED.title,
    catch_phrase = EXCLUDED.catch_phrase,
    summary = EXCLUDED.summary,
    institution_name = EXCLUDED.institution_name,
    target_area_search = EXCLUDED.target_area_search,
    target_area_detail = EXCLUDED.target_area_detail,
    employees = EXCLUDED.employees,
    max_amount = EXCLUDED.max_amount,
    rate = EXCLUDED.rate,
    acceptance_start = EXCLUDED.acceptance_start,
    acceptance_end = EXCLUDED.acceptance_end,
    purposes = EXCLUDED.purposes,
    industries = EXCLUDED.industries,
    url = EXCLUDED.url,
    raw = EXCLUDED.raw,
    unresolved = EXCLUDED.unresolved,
    body = EXCLUDED.body,
    target = EXCLUDED.target,
    application_target = EXCLUDED.application_target,
    publish_start = EXCLUDED.publish_start,
    publish_end = EXCLUDED.publish_end,
    source_categories = EXCLUDED.source_categories,
    owner_agency_id = COALESCE(EXCLUDED.owner_agency_id, p.owner_agency_id),
    status = 'published',
    version = p.version + 1,
    updated_at = now()
WHERE p.agency_edited_at IS NULL
  AND (p.raw IS DISTINCT FROM EXCLUDED.raw OR p.status <> 'published')
RETURNING p.id, (p.xmax = 0) AS inserted;
