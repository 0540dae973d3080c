-- $1 token id. Keeps the first revocation time. Returns a row when the token exists.
UPDATE agency_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id;
