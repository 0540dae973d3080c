-- $1 source, $2 source_id
SELECT id, agency_edited_at IS NOT NULL AS taken_over FROM programmes WHERE source = $1 AND source_id = $2;
