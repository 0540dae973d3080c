-- The extent of all areas in degrees: west, south, east, north (TileJSON bounds).
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
FROM (SELECT ST_Extent(geom) AS e FROM areas WHERE level = 'prefecture') x;
