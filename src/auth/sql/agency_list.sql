-- Every agency with its areas and tokens (JSON), by id.
SELECT a.id, a.name, a.is_admin, to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       coalesce((SELECT json_agg(g.area_code ORDER BY g.area_code) FROM agency_areas g WHERE g.agency_id = a.id), '[]')::text,
       coalesce((SELECT json_agg(json_build_object(
                     'id', t.id,
                     'created_at', to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                     'revoked_at', to_char(t.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) ORDER BY t.id)
                 FROM agency_tokens t WHERE t.agency_id = a.id), '[]')::text
FROM agencies a
ORDER BY a.id;
