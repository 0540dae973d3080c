-- Drops the readings of source $1 before a fresh import (same transaction).
DELETE FROM area_readings WHERE source = $1::text;
