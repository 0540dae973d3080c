-- Appends one audit entry. $1 agency id, $2 token id (null), $3 action,
-- $4 programme id, $5 version after, $6 before (JSON or null), $7 after (JSON),
-- $8 changed field names (JSON array), $9 request id.
INSERT INTO audit_log (agency_id, token_id, action, programme_id, version, before, after, changed, request_id)
VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, ARRAY(SELECT jsonb_array_elements_text($8::jsonb)), $9);
