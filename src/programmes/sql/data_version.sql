-- The version of the data searches read (see data_version in 0003_search.sql).
SELECT version FROM data_version;
