-- One programme by id, with its coverage; drafts are not public. $1 = id.
SELECT p.id, p.source, p.source_id, p.title, p.catch_phrase, p.institution_name,
       array_to_json(p.purposes)::text AS purposes,
       array_to_json(p.industries)::text AS industries,
       p.employees, p.max_amount, p.rate,
       to_char(p.acceptance_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS acceptance_start,
       to_char(p.acceptance_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS acceptance_end,
       p.url, p.status, p.summary, p.version, p.source_categories::text AS source_categories,
       to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at,
       (SELECT coalesce(json_agg(pa.area_code ORDER BY pa.area_code), '[]')::text
        FROM programme_areas pa WHERE pa.programme_id = p.id) AS areas
FROM programmes p
WHERE p.id = $1::bigint
  AND p.status <> 'draft';
