-- Every audit entry of programme $1, oldest first, as a JSON array.
SELECT coalesce(json_agg(json_build_object(
           'version', l.version,
           'action', l.action,
           'at', to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'agency', json_build_object('id', l.agency_id, 'name', a.name),
           'token_id', l.token_id,
           'changed', to_json(l.changed),
           'before', l.before,
           'after', l.after,
           'request_id', l.request_id) ORDER BY l.id), '[]'::json)::text
FROM audit_log l
LEFT JOIN agencies a ON a.id = l.agency_id
WHERE l.programme_id = $1;
