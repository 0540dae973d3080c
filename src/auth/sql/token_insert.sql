-- $1 agency id, $2 SHA-256 of the secret (hex). Returns the token id, or no
-- row when the agency does not exist.
INSERT INTO agency_tokens (agency_id, secret_hash)
SELECT id, decode($2, 'hex') FROM agencies WHERE id = $1
RETURNING id;
