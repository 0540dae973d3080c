-- $1..$5 = N03_001, N03_002, N03_003, N03_004, N03_007; $6 = prefecture polygon?; $7 = WKB as hex.
INSERT INTO n03_stage (n03_001, n03_002, n03_003, n03_004, n03_007, is_prefecture, geom)
VALUES ($1, $2, $3, $4, $5, $6, ST_SetSRID(ST_GeomFromWKB(decode($7, 'hex')), 4326));
