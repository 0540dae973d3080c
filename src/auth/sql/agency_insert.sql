-- $1 name, $2 is_admin. Returns the new id.
INSERT INTO agencies (name, is_admin) VALUES ($1, $2) RETURNING id;
