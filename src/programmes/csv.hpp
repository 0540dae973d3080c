#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace policymap::programmes {

// One record of a CSV file: its cells and the line it starts on.
struct CsvRecord {
    std::size_t line = 0;
    std::vector<std::string> cells;
    std::string problem;  // set when the record could not be read as written
};

struct CsvProblem {
    std::size_t line = 0;
    std::string message;
};

// RFC 4180 as Excel writes it: comma-separated, CRLF or LF line ends,
// quoted fields with doubled quotes, commas and line breaks inside quotes
// (kept as "\n"). Blank lines are skipped. An unterminated quote or text
// after a closing quote is reported with its line, never guessed around:
// such a record keeps its place (so record numbers stay those a spreadsheet
// shows) with `problem` set; an unterminated quote ends the file and is added
// to `problems`.
std::vector<CsvRecord> parse_csv(std::string_view utf8, std::vector<CsvProblem>& problems);

}  // namespace policymap::programmes
