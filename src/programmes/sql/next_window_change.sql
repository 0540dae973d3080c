-- The first moment after $1 at which a publication or acceptance window of a
-- programme opens or closes, as seconds since the epoch; null when none lies
-- ahead. An answer that depends on "now" holds until then (a window closing
-- at t changes the answer just after t: the answer is dropped at t, a little
-- early, never late).
SELECT extract(epoch FROM min(t))::float8 AS next_change
FROM (
    SELECT publish_start AS t FROM programmes WHERE publish_start > $1::timestamptz
    UNION ALL
    SELECT publish_end FROM programmes WHERE publish_end >= $1::timestamptz
    UNION ALL
    SELECT acceptance_start FROM programmes WHERE acceptance_start > $1::timestamptz
    UNION ALL
    SELECT acceptance_end FROM programmes WHERE acceptance_end >= $1::timestamptz
) AS windows;
