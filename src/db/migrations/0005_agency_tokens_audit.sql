-- Agency credentials and the audit log of every change made through the API.

-- A bearer token is shown once; only the SHA-256 of its secret part is kept.
-- The token names its row ("pmt_<id>_<secret>"), so checking one is a lookup
-- by id and a constant-time comparison of hashes, never a search by secret.
CREATE TABLE agency_tokens (
    id          bigserial PRIMARY KEY,
    agency_id   bigint NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    secret_hash bytea NOT NULL CHECK (octet_length(secret_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX agency_tokens_agency_idx ON agency_tokens (agency_id);

-- Every change to a programme through the API: who (agency, token), when,
-- and the programme before and after (JSON), with the names of the fields
-- that changed. Append-only: the trigger below refuses UPDATE, DELETE and
-- TRUNCATE for every role, the owner included.
CREATE TABLE audit_log (
    id           bigserial PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    agency_id    bigint REFERENCES agencies (id),
    token_id     bigint REFERENCES agency_tokens (id),
    action       text NOT NULL CHECK (action IN ('create', 'update', 'withdraw')),
    programme_id bigint NOT NULL REFERENCES programmes (id),
    version      integer NOT NULL,
    before       jsonb,
    after        jsonb NOT NULL,
    changed      text[] NOT NULL DEFAULT '{}',
    request_id   text
);
CREATE INDEX audit_log_programme_idx ON audit_log (programme_id, id);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Agency programmes are found by the agency's own reference on re-upload.
CREATE INDEX programmes_owner_idx ON programmes (owner_agency_id) WHERE owner_agency_id IS NOT NULL;
