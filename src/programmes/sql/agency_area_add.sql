-- Adds area code $2 ('JP' or a prefecture / municipality code) to the
-- jurisdiction of agency $1; existing codes stay.
INSERT INTO agency_areas (agency_id, area_code) VALUES ($1, $2) ON CONFLICT DO NOTHING;
