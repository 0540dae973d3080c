-- One page of published programmes matching the filters, with the total.
-- Run as an unnamed statement (custom plan): every filter is "param IS NULL
-- OR ...", and only a plan made with the actual values drops the unused ones
-- and uses the right index (coverage for an area, bigrams for keywords).
-- $1 area code ('JP', prefecture, municipality, ward, designated city) or null
-- $2 purposes, JSON array or null (any of them)
-- $3 industries, JSON array or null (any of them)
-- $4 employees (headcount) or null
-- $5 open: acceptance window contains the moment $6 (no window = open)
-- $6 the moment asked about: publication window (0006_mirasapo.sql), open,
--    closing_within; null = now
-- $7 closing_within days or null: acceptance ends between $6 and $6 + $7 days
-- $8 keyword terms, JSON array or null (all of them)
-- $9 source or null
-- $10 sort: deadline | newest | amount
-- $11 page size
-- $12, $13 cursor: sort key and id of the last row of the previous page, or null
-- Rows: one per programme of the page (plus one to tell that a next page
-- exists), or a single row with null id when the page is empty; every row
-- carries the total, whether the area code is known, and the data version
-- read in the same snapshot (what a cache keeps the page under).
WITH params AS (
    SELECT coalesce($6::timestamptz, now()) AS at,
           ARRAY(SELECT pm_search_form(t) FROM jsonb_array_elements_text(coalesce($8::jsonb, '[]')) AS t) AS terms
),
grams AS (
    SELECT coalesce(array_agg(DISTINCT g), '{}') AS grams
    FROM params, unnest(params.terms) AS t, unnest(pm_bigrams(t)) AS g
),
reach AS (
    -- How each programme reaches the area: the narrowest coverage code that
    -- brings it there (1 municipality / ward / city, 2 prefecture, 3 JP).
    -- For a prefecture or designated city, programmes of the places inside
    -- it count too ('descendant' links); 'JP' asks for everything.
    -- Two branches rather than one OR, so that each can use its index; the
    -- plan for the actual $1 drops the branch that cannot apply.
    SELECT pa.programme_id AS id,
           min(CASE WHEN pa.area_code = 'JP' THEN 3 WHEN length(pa.area_code) = 2 THEN 2 ELSE 1 END) AS rank
    FROM area_links l
    JOIN programme_areas pa ON pa.area_code = l.via_code
    WHERE l.area_code = $1::text
    GROUP BY pa.programme_id
    UNION ALL
    SELECT pa.programme_id,
           min(CASE WHEN pa.area_code = 'JP' THEN 3 WHEN length(pa.area_code) = 2 THEN 2 ELSE 1 END)
    FROM programme_areas pa
    WHERE $1::text = 'JP'
    GROUP BY pa.programme_id
),
filtered AS MATERIALIZED (
    SELECT p.id, r.rank,
           CASE $10::text
               WHEN 'deadline' THEN coalesce(extract(epoch FROM p.acceptance_end), 'Infinity'::numeric)
               WHEN 'newest' THEN -extract(epoch FROM coalesce(p.acceptance_start, p.created_at))
               ELSE -coalesce(p.max_amount, -1)::numeric
           END AS sort_key
    FROM programmes p
    LEFT JOIN reach r ON r.id = p.id
    CROSS JOIN params
    WHERE programme_published_at(p.status, p.publish_start, p.publish_end, params.at)
      AND ($1::text IS NULL OR r.id IS NOT NULL)
      AND ($2::jsonb IS NULL OR p.purposes && ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))
      AND ($3::jsonb IS NULL OR p.industries && ARRAY(SELECT jsonb_array_elements_text($3::jsonb)))
      AND ($4::integer IS NULL OR ((p.employees_max IS NULL OR $4::integer <= p.employees_max)
                                   AND (p.employees_min IS NULL OR $4::integer >= p.employees_min)))
      AND (NOT $5::boolean OR ((p.acceptance_start IS NULL OR p.acceptance_start <= params.at)
                               AND (p.acceptance_end IS NULL OR p.acceptance_end >= params.at)))
      AND ($7::integer IS NULL OR (p.acceptance_end >= params.at
                                   AND p.acceptance_end <= params.at + make_interval(days => $7::integer)))
      AND ($8::jsonb IS NULL OR (p.search_bigrams @> (SELECT grams FROM grams)
                                 AND NOT EXISTS (SELECT 1 FROM unnest(params.terms) AS t
                                                 WHERE strpos(p.search_document, t) = 0)))
      AND ($9::text IS NULL OR p.source = $9::text)
),
page AS (
    SELECT f.*
    FROM filtered f
    WHERE $12::numeric IS NULL OR (f.sort_key, f.id) > ($12::numeric, $13::bigint)
    ORDER BY f.sort_key, f.id
    LIMIT $11::integer + 1
)
SELECT t.total,
       t.area_known,
       t.data_version,
       pg.sort_key::text AS sort_key,
       p.id, p.source, p.source_id, p.title, p.catch_phrase, p.institution_name,
       array_to_json(p.purposes)::text AS purposes,
       array_to_json(p.industries)::text AS industries,
       p.employees, p.max_amount, p.rate,
       to_char(p.acceptance_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS acceptance_start,
       to_char(p.acceptance_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS acceptance_end,
       p.url, p.status,
       CASE pg.rank WHEN 1 THEN 'municipality' WHEN 2 THEN 'prefecture' WHEN 3 THEN 'national' END AS scope,
       (SELECT coalesce(json_agg(pa.area_code ORDER BY pa.area_code), '[]')::text
        FROM programme_areas pa WHERE pa.programme_id = p.id) AS areas
FROM (SELECT (SELECT count(*) FROM filtered) AS total,
             ($1::text IS NULL OR $1::text = 'JP' OR EXISTS (SELECT 1 FROM areas WHERE code = $1::text)) AS area_known,
             (SELECT version FROM data_version) AS data_version) t
LEFT JOIN (page pg JOIN programmes p ON p.id = pg.id) ON true
ORDER BY pg.sort_key, pg.id;
