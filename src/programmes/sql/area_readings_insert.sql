-- Adds readings of source $1 from the JSON array $2 of {"code","name","reading"}.
-- Returns how many of them name an imported area, and the imported
-- municipalities, wards and prefectures that still have no reading.
WITH rows AS (
    INSERT INTO area_readings (code, name, reading, source)
    SELECT x->>'code', x->>'name', x->>'reading', $1::text
    FROM jsonb_array_elements($2::jsonb) AS x
    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, reading = EXCLUDED.reading, source = EXCLUDED.source
    RETURNING code, name
)
SELECT (SELECT count(*) FROM rows) AS inserted,
       (SELECT count(*) FROM rows JOIN areas a ON a.code = rows.code) AS matched,
       (SELECT count(*) FROM rows JOIN areas a ON a.code = rows.code AND a.name <> rows.name) AS renamed,
       (SELECT coalesce(json_agg(a.code || ' ' || a.name ORDER BY a.code), '[]')::text
        FROM areas a
        WHERE NOT EXISTS (SELECT 1 FROM rows WHERE rows.code = a.code)
          AND NOT EXISTS (SELECT 1 FROM area_readings r WHERE r.code = a.code)) AS missing;
