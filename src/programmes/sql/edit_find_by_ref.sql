-- The agency programme of agency $1 with reference $2: its id.
SELECT id FROM programmes WHERE source = 'agency' AND source_id = $1::bigint || ':' || $2 AND owner_agency_id = $1;
