-- Scales the imported jGrants programmes up to :target programmes for the
-- benchmark (throwaway database only). The real programmes stay as they are
-- (~230 of 307 nationwide). Each copy keeps the text, purposes, industries,
-- size class and acceptance window of its original (so keyword hits grow
-- with the copies) but is placed on one real area drawn at random: a
-- prefecture for a third of them, a municipality, ward or designated city
-- for the rest. Nationwide programmes are a few hundred in reality; copying
-- their nationwide coverage 100 times would make every area answer ~22,000
-- national rows, which no real data set does.
\set ON_ERROR_STOP on
SELECT setseed(0.42);
CREATE TEMP TABLE bench_copies AS
SELECT p.id AS original, g AS copy
FROM programmes p, generate_series(1, ceil((:target - (SELECT count(*) FROM programmes))::numeric / (SELECT count(*) FROM programmes))::int) g
ORDER BY g, p.id
LIMIT (:target - (SELECT count(*) FROM programmes));

INSERT INTO programmes (source, source_id, title, catch_phrase, summary, institution_name, target_area_search,
                        target_area_detail, employees, max_amount, rate, acceptance_start, acceptance_end,
                        purposes, industries, url, status)
SELECT 'bench', p.source_id || '-' || c.copy, p.title, p.catch_phrase, p.summary, p.institution_name,
       p.target_area_search, p.target_area_detail, p.employees, p.max_amount, p.rate, p.acceptance_start,
       p.acceptance_end, p.purposes, p.industries, p.url, 'published'
FROM bench_copies c JOIN programmes p ON p.id = c.original;

WITH muni AS (SELECT row_number() OVER (ORDER BY code) AS n, code FROM areas WHERE level <> 'prefecture'),
     m AS (SELECT count(*) AS c FROM muni),
     pick AS (SELECT id, random() AS r1, random() AS r2 FROM programmes WHERE source = 'bench')
INSERT INTO programme_areas (programme_id, area_code)
SELECT pick.id,
       CASE WHEN pick.r1 < 1.0 / 3
            THEN lpad((1 + floor(pick.r2 * 47))::int::text, 2, '0')
            ELSE (SELECT muni.code FROM muni WHERE muni.n = 1 + floor(pick.r2 * m.c)::int)
       END
FROM pick, m;
ANALYZE;
SELECT source, count(*) FROM programmes GROUP BY source ORDER BY source;
