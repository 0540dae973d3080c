-- The capture time of the newest snapshot of source $1 imported so far ('' when none).
SELECT coalesce(max(captured), '') FROM source_snapshots WHERE source = $1;
