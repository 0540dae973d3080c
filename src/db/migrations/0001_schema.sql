-- The first schema: areas from N03, programmes and their coverage.
CREATE EXTENSION IF NOT EXISTS postgis;

-- One row per area (not per polygon part): prefecture, municipality, ward of a
-- designated city, or the designated city itself (the union of its wards).
CREATE TABLE areas (
    code        text PRIMARY KEY,
    level       text NOT NULL CHECK (level IN ('prefecture', 'designated_city', 'municipality', 'ward')),
    name        text NOT NULL,
    pref_code   text NOT NULL,
    parent_code text,               -- ward -> designated city; others -> prefecture; prefecture -> null
    county      text,               -- N03_003 when it names a 郡 or 支庁
    geom        geometry(MultiPolygon, 4326) NOT NULL,
    geom_3857   geometry(MultiPolygon, 3857) NOT NULL,
    label_point geometry(Point, 4326) NOT NULL
);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);
CREATE INDEX areas_geom_3857_idx ON areas USING gist (geom_3857);
CREATE INDEX areas_level_idx ON areas (level);
CREATE INDEX areas_pref_idx ON areas (pref_code);

-- For each area, the coverage codes through which a programme reaches it:
-- 'self' and 'ancestor' (JP, the prefecture, the designated city of a ward)
-- apply at every point of the area; 'descendant' codes apply somewhere in it.
CREATE TABLE area_links (
    area_code text NOT NULL,
    via_code  text NOT NULL,
    relation  text NOT NULL CHECK (relation IN ('self', 'ancestor', 'descendant')),
    PRIMARY KEY (area_code, via_code)
);
CREATE INDEX area_links_via_idx ON area_links (via_code);

CREATE TABLE programmes (
    id                 bigserial PRIMARY KEY,
    source             text NOT NULL,            -- 'jgrants', or 'agency'
    source_id          text NOT NULL,
    title              text NOT NULL,
    catch_phrase       text,
    summary            text,
    institution_name   text,
    target_area_search text,
    target_area_detail text,
    employees          text,                      -- jGrants size class, as given
    max_amount         bigint,                    -- yen; null when not stated (jGrants 0)
    rate               text,
    acceptance_start   timestamptz,
    acceptance_end     timestamptz,
    purposes           text[] NOT NULL DEFAULT '{}',
    industries         text[] NOT NULL DEFAULT '{}',
    url                text,
    status             text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'closed')),
    owner_agency_id    bigint,
    version            integer NOT NULL DEFAULT 1,
    raw                jsonb,                     -- the source record as imported
    unresolved         text,                      -- what the area resolver could not place
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (source, source_id)
);
CREATE INDEX programmes_status_idx ON programmes (status);

-- Coverage: 'JP', 2-digit prefecture codes, 5-digit municipality / ward /
-- designated-city codes. Not a foreign key: 'JP' is no area row, and
-- boundaries can be re-imported without touching programmes.
CREATE TABLE programme_areas (
    programme_id bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    area_code    text NOT NULL,
    PRIMARY KEY (programme_id, area_code)
);
CREATE INDEX programme_areas_area_idx ON programme_areas (area_code);

-- Per-area programme counts for tiles, refreshed after every change.
CREATE TABLE area_stats (
    area_code  text PRIMARY KEY,
    programmes integer NOT NULL,   -- all that apply there, national ones included
    local      integer NOT NULL    -- without the national ones
);
