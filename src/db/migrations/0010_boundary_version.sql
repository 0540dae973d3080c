-- The version of the boundaries: bumped whenever `areas` changes (an N03
-- import). A server that keeps the outlines in memory for point lookups
-- (geo/area_index.hpp) reloads them when it moves; the data version
-- (0003_search.sql) moves with every programme edit as well, far more often.
CREATE TABLE boundary_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint NOT NULL
);
INSERT INTO boundary_version (version) VALUES (1);

CREATE FUNCTION pm_bump_boundary_version() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE boundary_version SET version = version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER areas_boundary_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON areas
    FOR EACH STATEMENT EXECUTE FUNCTION pm_bump_boundary_version();
