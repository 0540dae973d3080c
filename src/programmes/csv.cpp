#include "programmes/csv.hpp"

namespace policymap::programmes {

std::vector<CsvRecord> parse_csv(std::string_view s, std::vector<CsvProblem>& problems) {
    std::vector<CsvRecord> records;
    std::size_t i = 0;
    std::size_t line = 1;
    const std::size_t n = s.size();
    while (i < n) {
        CsvRecord rec;
        rec.line = line;
        bool bad = false;
        std::string bad_message;
        bool end_of_record = false;
        while (!end_of_record) {
            std::string cell;
            if (i < n && s[i] == '"') {
                ++i;
                bool closed = false;
                while (i < n) {
                    char c = s[i];
                    if (c == '"') {
                        if (i + 1 < n && s[i + 1] == '"') {
                            cell += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        closed = true;
                        break;
                    }
                    if (c == '\r') {
                        ++i;
                        if (i < n && s[i] == '\n') ++i;
                        cell += '\n';
                        ++line;
                        continue;
                    }
                    if (c == '\n') ++line;
                    cell += c;
                    ++i;
                }
                if (!closed) {
                    problems.push_back({rec.line, "a quoted field opened here is never closed"});
                    return records;
                }
                // After the closing quote only a separator or the end of the record may follow.
                if (i < n && s[i] != ',' && s[i] != '\r' && s[i] != '\n') {
                    bad = true;
                    bad_message = "text after a closing quote: a quote inside a quoted field must be doubled (\"\")";
                    while (i < n && s[i] != ',' && s[i] != '\r' && s[i] != '\n') ++i;
                }
            } else {
                while (i < n && s[i] != ',' && s[i] != '\r' && s[i] != '\n') cell += s[i++];
            }
            rec.cells.push_back(std::move(cell));
            if (i >= n) {
                end_of_record = true;
            } else if (s[i] == ',') {
                ++i;
            } else {
                if (s[i] == '\r') ++i;
                if (i < n && s[i] == '\n') ++i;
                ++line;
                end_of_record = true;
            }
        }
        const bool blank = rec.cells.size() == 1 && rec.cells[0].empty();
        if (bad) rec.problem = bad_message;
        if (!blank || bad) {
            records.push_back(std::move(rec));
        }
    }
    return records;
}

}  // namespace policymap::programmes
