-- Agencies (支援機関, 自治体) that maintain their own programmes, and what
-- separates a programme an agency owns from one it has edited.

CREATE TABLE agencies (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL,
    source      text,               -- 'mirasapo' for competent authorities from data; null when created by an operator
    source_code text,               -- that source's id or code for the authority
    is_admin    boolean NOT NULL DEFAULT false,   -- may act on every area
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (source, source_code)
);

-- The jurisdiction: area codes the agency may place programmes on ('JP' = national).
-- A prefecture's agency reaches every municipality of it, a designated city's its wards.
CREATE TABLE agency_areas (
    agency_id bigint NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    area_code text NOT NULL,
    PRIMARY KEY (agency_id, area_code)
);

ALTER TABLE programmes
    ADD CONSTRAINT programmes_owner_fk FOREIGN KEY (owner_agency_id) REFERENCES agencies (id);

-- Set when an agency changes a programme through the API: from then on, a
-- snapshot sync of the programme's source no longer overwrites or closes it
-- and reports a conflict instead. Ownership alone (owner_agency_id) does not
-- stop the sync: Mirasapo rows belong to their authority from the first import.
ALTER TABLE programmes ADD COLUMN agency_edited_at timestamptz;
