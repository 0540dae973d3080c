-- A programme as the editing API shows it: (id, source, source_id,
-- owner_agency_id, version, status, view JSON). $1 = id. The agency's own
-- reference is the part of source_id after "<agency id>:" unless generated ("#<id>").
SELECT p.id, p.source, p.source_id, p.owner_agency_id, p.version, p.status,
       json_build_object(
           'id', p.id,
           'source', p.source,
           'source_id', p.source_id,
           'ref', CASE WHEN p.source = 'agency' AND substr(p.source_id, strpos(p.source_id, ':') + 1) NOT LIKE '#%'
                       THEN substr(p.source_id, strpos(p.source_id, ':') + 1) END,
           'title', p.title,
           'catch_phrase', p.catch_phrase,
           'summary', p.summary,
           'institution_name', p.institution_name,
           'areas', coalesce((SELECT json_agg(pa.area_code ORDER BY pa.area_code) FROM programme_areas pa
                              WHERE pa.programme_id = p.id), '[]'::json),
           'purposes', to_json(p.purposes),
           'industries', to_json(p.industries),
           'employees', p.employees,
           'max_amount', p.max_amount,
           'rate', p.rate,
           'acceptance_start', to_char(p.acceptance_start AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS"+09:00"'),
           'acceptance_end', to_char(p.acceptance_end AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS"+09:00"'),
           'url', p.url,
           'status', p.status,
           'version', p.version,
           'owner', CASE WHEN a.id IS NOT NULL THEN json_build_object('id', a.id, 'name', a.name) END,
           'created_at', to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'updated_at', to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
FROM programmes p
LEFT JOIN agencies a ON a.id = p.owner_agency_id
WHERE p.id = $1;
