-- Tells every server process sharing the database that programmes changed
-- ($1: JSON {"areas": [coverage codes] | null, "all": bool, "programmes": [ids]}).
-- Delivered when the transaction commits, never if it rolls back.
SELECT pg_notify('policymap_changes', $1);
