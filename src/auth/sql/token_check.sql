-- The token $1 with its agency: the stored hash (hex), whether it is revoked.
SELECT t.agency_id, encode(t.secret_hash, 'hex'), t.revoked_at IS NOT NULL, a.name, a.is_admin
FROM agency_tokens t
JOIN agencies a ON a.id = t.agency_id
WHERE t.id = $1;
