-- A second source: Mirasapo plus support systems (制度ナビ), owned by the
-- competent authorities that maintain them.

-- What Mirasapo rows carry beyond jGrants' fields. `body`, `target` (who may
-- apply) and `application_target` (what the support pays for) are plain text
-- with line breaks (never HTML). The publication window is the
-- source's publish_date … unpublish_date as instants (start of the first day,
-- end of the last day, JST); null ends are open. It is evaluated when a
-- question is asked (programme_published_at), never when a snapshot is imported.
ALTER TABLE programmes
    ADD COLUMN body text,
    ADD COLUMN target text,
    ADD COLUMN application_target text,
    ADD COLUMN publish_start timestamptz,
    ADD COLUMN publish_end timestamptz,
    -- The source's own categories, by field: {"use_purpose":[...],"industry":[...]}
    -- for jGrants, {"purpose_categories":[...],"stage_categories":[...],
    -- "industry_categories":[...]} for Mirasapo. `purposes` holds them mapped
    -- onto the one purpose vocabulary (docs/purposes.md).
    ADD COLUMN source_categories jsonb NOT NULL DEFAULT '{}';

UPDATE programmes
SET source_categories = jsonb_build_object('use_purpose', to_jsonb(purposes), 'industry', to_jsonb(industries))
WHERE source = 'jgrants';

CREATE INDEX programmes_purposes_idx ON programmes USING gin (purposes);

-- A source's own id for an agency beside its code (Mirasapo: id "85", code "42" for 長崎県).
ALTER TABLE agencies ADD COLUMN IF NOT EXISTS source_id text;

-- Whether a programme is shown at instant `at`: published, and inside its
-- publication window when it has one.
CREATE FUNCTION programme_published_at(status text, publish_start timestamptz, publish_end timestamptz,
                                       at timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT status = 'published'
       AND (publish_start IS NULL OR publish_start <= at)
       AND (publish_end IS NULL OR at <= publish_end)
$$;

-- Whether a programme takes applications at instant `at`: not closed, and
-- inside its acceptance window. A standing support system (no window: both
-- ends null) is open unless closed; a missing end is open-ended.
CREATE FUNCTION programme_open_at(status text, acceptance_start timestamptz, acceptance_end timestamptz,
                                  at timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT status = 'published'
       AND (acceptance_start IS NULL OR acceptance_start <= at)
       AND (acceptance_end IS NULL OR at <= acceptance_end)
$$;
