-- OGC API - Features and exports: GeoJSON geometry in the coordinate
-- reference system the client asked for.
-- `srid` 4326 means OGC CRS84 (longitude, latitude); EPSG:6668 (JGD2011) is
-- written in its own axis order, latitude first (OGC API - Features Part 2);
-- EPSG:3857 in metres (easting, northing). Degrees keep 6 decimals (about
-- 10 cm), metres 1. Option 0: no "crs" member, which GeoJSON (RFC 7946) dropped.
CREATE FUNCTION ogc_geojson(g geometry, srid integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN g IS NULL THEN NULL
        WHEN srid = 3857 THEN ST_AsGeoJSON(ST_Transform(g, 3857), 1, 0)
        WHEN srid = 4326 THEN ST_AsGeoJSON(ST_Transform(g, 4326), 6, 0)
        ELSE ST_AsGeoJSON(ST_FlipCoordinates(ST_Transform(g, srid)), 6, 0)
    END
$$;
