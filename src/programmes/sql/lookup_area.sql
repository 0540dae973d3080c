-- A municipality or ward with its designated city and prefecture. $1 = code.
-- data_version (0003_search.sql) is read in the same snapshot as the
-- programmes that apply there (programmes_at_area.sql).
SELECT a.code, a.name, a.level,
       (SELECT version FROM data_version) AS data_version,
       d.code AS city_code, d.name AS city_name,
       p.code AS pref_code, p.name AS pref_name
FROM areas a
LEFT JOIN areas d ON d.code = a.parent_code AND d.level = 'designated_city'
LEFT JOIN areas p ON p.code = a.pref_code AND p.level = 'prefecture'
WHERE a.code = $1;
