-- Staging table for one boundaries import: N03 rows as read (one per feature
-- or polygon part), dropped at the end of the transaction.
CREATE TEMP TABLE n03_stage (
    n03_001       text NOT NULL,
    n03_002       text,
    n03_003       text,
    n03_004       text,
    n03_007       text,
    is_prefecture boolean NOT NULL,
    geom          geometry NOT NULL
) ON COMMIT DROP;
