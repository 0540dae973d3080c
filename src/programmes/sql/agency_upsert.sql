-- Finds or creates the agency a source knows as ($1 source, $2 source_code),
-- named $3 when created, with $4 the source's own id for it. An existing
-- agency keeps its name (an operator may have corrected it). Returns
-- (id, inserted).
INSERT INTO agencies AS a (name, source, source_code, source_id)
VALUES ($3, $1, $2, $4)
ON CONFLICT (source, source_code) DO UPDATE
SET source_id = COALESCE(a.source_id, EXCLUDED.source_id)
RETURNING a.id, (a.xmax = 0) AS inserted;
