-- Areas for a search box: names starting with $1 (match form: NFKC, no
-- spaces, ヶ/ヵ as ケ/カ; a ward also under its city's name, 横浜市中区),
-- or kana readings starting with $2 (hiragana, null when the query is not
-- kana). Exact names first, then prefectures, cities, municipalities, wards.
-- $3 = at most this many.
SELECT a.code, a.name, a.level,
       pr.code AS pref_code, pr.name AS pref_name,
       r.reading,
       ST_X(a.label_point) AS lon, ST_Y(a.label_point) AS lat,
       ST_XMin(a.geom) AS west, ST_YMin(a.geom) AS south, ST_XMax(a.geom) AS east, ST_YMax(a.geom) AS north
FROM areas a
LEFT JOIN areas pr ON pr.code = a.pref_code AND pr.level = 'prefecture' AND a.level <> 'prefecture'
LEFT JOIN areas c ON c.code = a.parent_code AND c.level = 'designated_city' AND a.level = 'ward'
LEFT JOIN area_readings r ON r.code = a.code
WHERE starts_with(translate(a.name, 'ヶヵ', 'ケカ'), $1::text)
   OR starts_with(translate(c.name || a.name, 'ヶヵ', 'ケカ'), $1::text)
   OR ($2::text IS NOT NULL AND starts_with(r.reading, $2::text))
ORDER BY (translate(a.name, 'ヶヵ', 'ケカ') = $1::text OR r.reading = $2::text) DESC,
         CASE a.level WHEN 'prefecture' THEN 1 WHEN 'designated_city' THEN 2 WHEN 'municipality' THEN 3 ELSE 4 END,
         a.code
LIMIT $3::integer;
