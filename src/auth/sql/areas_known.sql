-- Which of the codes in the JSON array $1 name an imported area.
SELECT code FROM areas WHERE code = ANY (ARRAY(SELECT jsonb_array_elements_text($1::jsonb)));
