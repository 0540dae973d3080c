-- The snapshots each source was synced from, so that an older snapshot
-- imported after a newer one is skipped instead of rolling the data back.
CREATE TABLE source_snapshots (
    source      text NOT NULL,
    captured    text NOT NULL,   -- the snapshot's own capture time (ISO 8601), compared as text
    path        text NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, captured)
);
