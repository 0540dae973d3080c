-- Vector tiles: area geometry generalised per zoom band and label points,
-- both rebuilt by every boundary import (src/tiles/sql/generalise.sql), and
-- the notifications that tell every server which areas' tiles are stale.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- One row per area and zoom band. `band` is the lowest zoom the row serves
-- (0: z0-5, 6, 7, 8, 9: that zoom, 10: z10 and above). Bands below 10 are
-- simplified on a shared-edge topology, so neighbours still meet exactly.
CREATE TABLE tile_areas (
    band      integer NOT NULL,
    code      text NOT NULL,
    level     text NOT NULL,
    name      text NOT NULL,
    pref_code text NOT NULL,
    geom      geometry(MultiPolygon, 3857) NOT NULL,
    PRIMARY KEY (band, code)
);
CREATE INDEX tile_areas_band_level_geom_idx ON tile_areas USING gist (band, level, geom);

-- One point per area, inside its polygon (ST_PointOnSurface), for labels.
CREATE TABLE tile_labels (
    code      text PRIMARY KEY,
    level     text NOT NULL,
    name      text NOT NULL,
    pref_code text NOT NULL,
    geom      geometry(Point, 3857) NOT NULL
);
CREATE INDEX tile_labels_level_geom_idx ON tile_labels USING gist (level, geom);

-- Tells listeners (channel policymap_tiles) which areas' counts may have
-- changed: the areas a programme reaches through the given coverage codes,
-- comma-separated, or '*' for all of them.
CREATE FUNCTION tiles_notify_coverage(codes text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    payload text;
BEGIN
    IF codes IS NULL OR cardinality(codes) = 0 THEN
        RETURN;
    END IF;
    IF 'JP' = ANY (codes) THEN
        payload := '*';
    ELSE
        SELECT string_agg(DISTINCT l.area_code, ',') INTO payload
        FROM area_links l
        WHERE l.via_code = ANY (codes);
        IF payload IS NULL THEN
            RETURN;
        END IF;
        IF length(payload) > 7000 THEN
            payload := '*';
        END IF;
    END IF;
    PERFORM pg_notify('policymap_tiles', payload);
END
$$;

CREATE FUNCTION tiles_programme_areas_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM tiles_notify_coverage((SELECT array_agg(DISTINCT area_code) FROM new_rows));
    ELSE
        PERFORM tiles_notify_coverage((SELECT array_agg(DISTINCT area_code) FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER programme_areas_insert_tiles AFTER INSERT ON programme_areas
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tiles_programme_areas_changed();
CREATE TRIGGER programme_areas_delete_tiles AFTER DELETE ON programme_areas
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tiles_programme_areas_changed();

-- A changed programme (status, purposes, acceptance window, ...) changes the
-- counts of every area its coverage reaches.
CREATE FUNCTION tiles_programmes_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tiles_notify_coverage((
        SELECT array_agg(DISTINCT pa.area_code)
        FROM programme_areas pa
        WHERE pa.programme_id IN (SELECT n.id FROM new_rows n)));
    RETURN NULL;
END
$$;

CREATE TRIGGER programmes_update_tiles AFTER UPDATE ON programmes
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tiles_programmes_changed();

-- New boundaries change every tile.
CREATE FUNCTION tiles_areas_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('policymap_tiles', '*');
    RETURN NULL;
END
$$;

CREATE TRIGGER areas_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON areas
    FOR EACH STATEMENT EXECUTE FUNCTION tiles_areas_changed();

-- Areas imported before this migration: serve them ungeneralised until the
-- next `policymap import boundaries` generalises them.
INSERT INTO tile_areas (band, code, level, name, pref_code, geom)
SELECT b.band, a.code, a.level, a.name, a.pref_code, a.geom_3857
FROM areas a CROSS JOIN (VALUES (0), (6), (7), (8), (9), (10)) b(band);
INSERT INTO tile_labels (code, level, name, pref_code, geom)
SELECT code, level, name, pref_code, ST_Transform(label_point, 3857) FROM areas;
