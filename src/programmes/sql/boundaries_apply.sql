-- Turns the staged N03 rows into areas, replacing the areas of every
-- prefecture the import contains. Runs inside the import's transaction.

-- One row per municipality or ward: polygon parts grouped, made valid (GEOS).
CREATE TEMP TABLE n03_areas ON COMMIT DROP AS
SELECT n03_007 AS code,
       min(n03_001) AS pref_name,
       left(n03_007, 2) AS pref_code,
       min(n03_003) AS n03_003,
       min(n03_004) AS n03_004,
       ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Collect(geom)), 3)) AS geom
FROM n03_stage
WHERE NOT is_prefecture AND n03_007 IS NOT NULL
GROUP BY n03_007;

-- Wards of designated cities: N03_003 names the city, N03_004 the ward.
-- Tokyo's special wards are municipalities in their own right.
ALTER TABLE n03_areas ADD COLUMN is_ward boolean;
UPDATE n03_areas
SET is_ward = pref_code <> '13' AND n03_003 LIKE '%市' AND n03_004 LIKE '%区';

-- A designated city's code is its lowest ward code floored to ten (14101 -> 14100).
CREATE TEMP TABLE n03_cities ON COMMIT DROP AS
SELECT lpad(((min(code::integer) / 10) * 10)::text, 5, '0') AS code,
       n03_003 AS name,
       pref_code,
       ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(geom)), 3)) AS geom
FROM n03_areas
WHERE is_ward
GROUP BY pref_code, n03_003;

DELETE FROM areas
WHERE level <> 'prefecture'
  AND pref_code IN (SELECT DISTINCT pref_code FROM n03_areas);

INSERT INTO areas (code, level, name, pref_code, parent_code, county, geom, geom_3857, label_point)
SELECT c.code, 'designated_city', c.name, c.pref_code, c.pref_code, NULL,
       c.geom, ST_Transform(c.geom, 3857), ST_PointOnSurface(c.geom)
FROM n03_cities c;

INSERT INTO areas (code, level, name, pref_code, parent_code, county, geom, geom_3857, label_point)
SELECT a.code,
       CASE WHEN a.is_ward THEN 'ward' ELSE 'municipality' END,
       coalesce(a.n03_004, a.n03_003),
       a.pref_code,
       CASE WHEN a.is_ward THEN c.code ELSE a.pref_code END,
       CASE WHEN a.is_ward THEN NULL ELSE a.n03_003 END,
       a.geom, ST_Transform(a.geom, 3857), ST_PointOnSurface(a.geom)
FROM n03_areas a
LEFT JOIN n03_cities c ON a.is_ward AND c.pref_code = a.pref_code AND c.name = a.n03_003;

-- Prefectures: from a prefecture file in this import when there is one (coded
-- by JIS X 0401 name at staging), else kept as they are, else the union of the
-- prefecture's municipalities.
INSERT INTO areas (code, level, name, pref_code, parent_code, county, geom, geom_3857, label_point)
SELECT s.code, 'prefecture', s.n03_001, s.code, NULL, NULL, s.geom, ST_Transform(s.geom, 3857), ST_PointOnSurface(s.geom)
FROM (SELECT n03_007 AS code, min(n03_001) AS n03_001,
             ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Collect(geom)), 3)) AS geom
      FROM n03_stage WHERE is_prefecture GROUP BY n03_007) s
ON CONFLICT (code) DO UPDATE
SET name = EXCLUDED.name, geom = EXCLUDED.geom, geom_3857 = EXCLUDED.geom_3857, label_point = EXCLUDED.label_point;

INSERT INTO areas (code, level, name, pref_code, parent_code, county, geom, geom_3857, label_point)
SELECT u.pref_code, 'prefecture', u.pref_name, u.pref_code, NULL, NULL, u.geom, ST_Transform(u.geom, 3857), ST_PointOnSurface(u.geom)
FROM (SELECT pref_code, min(pref_name) AS pref_name,
             ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(geom)), 3)) AS geom
      FROM n03_areas
      WHERE pref_code NOT IN (SELECT code FROM areas WHERE level = 'prefecture')
      GROUP BY pref_code) u;
