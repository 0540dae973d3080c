-- The data version (0003_search.sql) and the boundary version
-- (0010_boundary_version.sql), polled by the server.
SELECT d.version AS data_version, b.version AS boundary_version
FROM data_version d CROSS JOIN boundary_version b;
