-- Rebuilds area_links from areas (see 0001_schema.sql for what the relations mean).
TRUNCATE area_links;
INSERT INTO area_links (area_code, via_code, relation)
SELECT code, code, 'self' FROM areas
UNION ALL
SELECT code, 'JP', 'ancestor' FROM areas
UNION ALL
SELECT code, pref_code, 'ancestor' FROM areas WHERE level <> 'prefecture'
UNION ALL
SELECT code, parent_code, 'ancestor' FROM areas WHERE level = 'ward'
UNION ALL
SELECT p.code, a.code, 'descendant'
FROM areas p JOIN areas a ON a.pref_code = p.code AND a.level <> 'prefecture'
WHERE p.level = 'prefecture'
UNION ALL
SELECT parent_code, code, 'descendant' FROM areas WHERE level = 'ward';
