-- Every area, for the area resolver's gazetteer.
SELECT code, level, name, pref_code, coalesce(parent_code, '') AS parent_code, coalesce(county, '') AS county
FROM areas
ORDER BY code;
