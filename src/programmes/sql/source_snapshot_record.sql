-- Records that source $1 was synced from the snapshot captured at $2 (file $3).
INSERT INTO source_snapshots (source, captured, path) VALUES ($1, $2, $3)
ON CONFLICT (source, captured) DO UPDATE SET path = EXCLUDED.path, imported_at = now();
