-- Withdraws programme $1 if still at version $2: closed, kept, version bumped.
UPDATE programmes
SET status = 'closed', version = version + 1, updated_at = now(), agency_edited_at = now()
WHERE id = $1 AND version = $2
RETURNING id, version;
