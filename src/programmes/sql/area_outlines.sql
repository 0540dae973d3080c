-- Every municipality and ward outline, for the in-memory point index
-- (geo/area_index.hpp), with the boundary version read in the same snapshot:
-- one row with null code when no boundaries are imported.
SELECT b.version AS boundary_version, a.code, ST_AsBinary(a.geom, 'NDR') AS wkb
FROM boundary_version b
LEFT JOIN areas a ON a.level IN ('municipality', 'ward')
ORDER BY a.code;
