// CSV as published by Japanese open-data portals: RFC 4180 with a UTF-8 byte
// order mark, quoted fields that hold commas, doubled quotes, JSON and line
// breaks. Part of text/ (no ICU needed); depends on core only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace policymap::text {

struct CsvRecord {
    std::size_t line = 0;             // 1-based line on which the record starts
    std::vector<std::string> fields;  // line breaks inside fields come out as "\n"
};

// Parses RFC 4180 text: a leading UTF-8 BOM is dropped, records end at LF or
// CRLF outside quotes, a quoted field may hold separators, "" (one quote) and
// line breaks (CRLF inside a field becomes LF). Blank lines are skipped.
// Throws core::Error(invalid_input, "invalid-csv") naming the line for text
// that is not UTF-8 (e.g. a Shift_JIS export), a quote left open at the end of
// the text, text after a closing quote, or a quote inside an unquoted field.
std::vector<CsvRecord> parse_csv(std::string_view text);

// The first record's fields (the header), without parsing the rest; the BOM
// is dropped. Empty when the text holds no complete first line. Never throws.
std::vector<std::string> csv_header(std::string_view text);

// One field for a CSV file (RFC 4180): quoted, with quotes doubled, when it
// holds a comma, a quote, a line break or leading / trailing spaces.
std::string csv_field(std::string_view value);

// A field for a CSV file that people open in a spreadsheet: text that a
// spreadsheet would take for a formula (starting with = + - @, a tab or a
// carriage return; OWASP's CSV injection advice) gets a leading apostrophe,
// which Excel and LibreOffice show as text and do not display; then as
// csv_field. Full-width ＝ ＋ － ＠ are left alone: spreadsheets do not
// start formulas with them.
std::string spreadsheet_csv_field(std::string_view value);

}  // namespace policymap::text
