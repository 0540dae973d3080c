-- Rebuilds tile_areas and tile_labels from areas (see 0004_tiles.sql). Runs
-- at the end of every boundary import, inside its transaction.
--
-- Generalisation keeps neighbours together: the boundaries of all
-- municipalities and wards are noded into one set of shared edges (each edge
-- runs between two junctions), every edge is simplified once (Douglas-Peucker
-- keeps its end points, so edges still meet at the junctions), the simplified
-- edges are noded again and polygonised, and each face goes to the area its
-- interior point lies in. Both neighbours of an edge get the same simplified
-- line: no gaps, no slivers. Designated cities and prefectures are unions of
-- those faces, so they share the same edges too.
--
-- Tolerance per band: 4 units of the 4096-unit tile extent at the band's
-- highest zoom (1,223 m for z0-5, then 611, 306, 153 and 76 m for z6, z7, z8
-- and z9), about half a pixel of a 512-pixel tile. z10 and above use the
-- imported geometry as it is (N03 s0010: finer simplification gains nothing).
TRUNCATE tile_areas, tile_labels;

CREATE TEMP TABLE tile_edges ON COMMIT DROP AS
SELECT (ST_Dump(ST_LineMerge(ST_Union(ST_Boundary(geom_3857))))).geom AS geom
FROM areas
WHERE level IN ('municipality', 'ward');

CREATE TEMP TABLE tile_faces ON COMMIT DROP AS
WITH bands (band, top_zoom) AS (
    VALUES (0, 5), (6, 6), (7, 7), (8, 8), (9, 9)
),
noded AS (
    SELECT b.band,
           ST_Union(ST_Simplify(e.geom, 40075016.686 / (4096 * 2 ^ b.top_zoom) * 4)) AS geom
    FROM bands b
    CROSS JOIN tile_edges e
    GROUP BY b.band
)
SELECT band, (ST_Dump(ST_Polygonize(geom))).geom AS geom
FROM noded
GROUP BY band;
-- Each face goes to the area its interior point lies in ...
CREATE TEMP TABLE tile_face_areas ON COMMIT DROP AS
SELECT f.band, f.geom,
       (SELECT a.code
        FROM areas a
        WHERE a.level IN ('municipality', 'ward')
          AND ST_Intersects(a.geom_3857, ST_PointOnSurface(f.geom))
        LIMIT 1) AS code
FROM tile_faces f;

-- ... or, when that point fell outside every area (a small coastal area
-- whose simplified outline moved seaward), to the area covering most of the
-- face. Faces mostly outside every area (enclosed water) stay out.
UPDATE tile_face_areas t
SET code = (SELECT a.code
            FROM areas a
            WHERE a.level IN ('municipality', 'ward')
              AND a.geom_3857 && t.geom
              AND ST_Area(ST_Intersection(a.geom_3857, t.geom)) > 0.5 * ST_Area(t.geom)
            ORDER BY ST_Area(ST_Intersection(a.geom_3857, t.geom)) DESC
            LIMIT 1)
WHERE t.code IS NULL;

INSERT INTO tile_areas (band, code, level, name, pref_code, geom)
SELECT f.band, a.code, a.level, a.name, a.pref_code,
       ST_Multi(ST_CollectionExtract(ST_Union(f.geom), 3))
FROM tile_face_areas f
JOIN areas a ON a.code = f.code
GROUP BY f.band, a.code, a.level, a.name, a.pref_code;

-- Prefectures: the union of their municipalities' and wards' faces.
INSERT INTO tile_areas (band, code, level, name, pref_code, geom)
SELECT t.band, p.code, p.level, p.name, p.pref_code, ST_Multi(ST_CollectionExtract(ST_Union(t.geom), 3))
FROM tile_areas t
JOIN areas p ON p.code = t.pref_code AND p.level = 'prefecture'
WHERE t.level IN ('municipality', 'ward')
GROUP BY t.band, p.code, p.level, p.name, p.pref_code;

-- A gap that simplification opened inside a prefecture (a face lost where
-- simplified edges crossed) shows as a hole of the prefecture's union that
-- its imported geometry mostly covers: it goes to the municipality covering
-- most of it, and to the prefecture. Holes that are water stay open.
CREATE TEMP TABLE tile_gaps ON COMMIT DROP AS
SELECT h.band, h.pref_code, h.hole,
       (SELECT a.code
        FROM areas a
        WHERE a.level IN ('municipality', 'ward')
          AND a.geom_3857 && h.hole
        ORDER BY ST_Area(ST_Intersection(a.geom_3857, h.hole)) DESC
        LIMIT 1) AS code
FROM (
    SELECT t.band, t.code AS pref_code, p.geom_3857 AS land, ST_MakePolygon(ST_InteriorRingN(d.geom, n)) AS hole
    FROM tile_areas t
    JOIN areas p ON p.code = t.code
    CROSS JOIN LATERAL ST_Dump(t.geom) d
    CROSS JOIN LATERAL generate_series(1, ST_NumInteriorRings(d.geom)) n
    WHERE t.level = 'prefecture'
) h
WHERE ST_Area(ST_Intersection(h.hole, h.land)) > 0.5 * ST_Area(h.hole);

UPDATE tile_areas t
SET geom = ST_Multi(ST_CollectionExtract(ST_Union(t.geom, g.fill), 3))
FROM (SELECT band, code, ST_Union(hole) AS fill FROM tile_gaps WHERE code IS NOT NULL GROUP BY band, code
      UNION ALL
      SELECT band, pref_code, ST_Union(hole) FROM tile_gaps WHERE code IS NOT NULL GROUP BY band, pref_code) g
WHERE t.band = g.band AND t.code = g.code;

-- Designated cities: the union of their wards' faces.
INSERT INTO tile_areas (band, code, level, name, pref_code, geom)
SELECT t.band, c.code, c.level, c.name, c.pref_code, ST_Multi(ST_CollectionExtract(ST_Union(t.geom), 3))
FROM tile_areas t
JOIN areas w ON w.code = t.code AND w.level = 'ward'
JOIN areas c ON c.code = w.parent_code
GROUP BY t.band, c.code, c.level, c.name, c.pref_code;

-- z10 and above: the imported geometry.
INSERT INTO tile_areas (band, code, level, name, pref_code, geom)
SELECT 10, code, level, name, pref_code, geom_3857 FROM areas;

INSERT INTO tile_labels (code, level, name, pref_code, geom)
SELECT code, level, name, pref_code, ST_Transform(label_point, 3857) FROM areas;

ANALYZE tile_areas;
ANALYZE tile_labels;
