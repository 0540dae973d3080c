-- The jurisdiction of agency $1: each granted code, and every area under it
-- (a prefecture's municipalities, designated cities and wards; a designated
-- city's wards). Returns (code, granted).
SELECT g.area_code, true FROM agency_areas g WHERE g.agency_id = $1
UNION
SELECT a.code, false
FROM agency_areas g
JOIN areas a ON (length(g.area_code) = 2 AND a.pref_code = g.area_code)
             OR (a.level = 'ward' AND a.parent_code = g.area_code)
WHERE g.agency_id = $1;
