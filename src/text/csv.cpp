#include "text/csv.hpp"

#include "core/error.hpp"

#include <algorithm>

namespace policymap::text {

namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

std::string_view without_bom(std::string_view text) {
    return text.substr(0, bom.size()) == bom ? text.substr(bom.size()) : text;
}

[[noreturn]] void bad(std::size_t line, const std::string& why) {
    core::throw_invalid("invalid-csv", "line " + std::to_string(line) + ": " + why,
                        {{"line " + std::to_string(line), "", why}});
}

// Parses records from `text`; stops after `max_records` when it is non-zero.
std::vector<CsvRecord> parse(std::string_view text, std::size_t max_records) {
    text = without_bom(text);
    std::vector<CsvRecord> records;
    CsvRecord record;
    std::string field;
    std::size_t line = 1;
    record.line = 1;
    bool quoted = false;        // inside a quoted field
    bool after_quote = false;   // the current field's closing quote was seen
    bool field_started = false; // the current record has a character or a separator
    const auto end_record = [&] {
        record.fields.push_back(std::move(field));
        field.clear();
        const bool blank = record.fields.size() == 1 && record.fields[0].empty() && !field_started;
        if (!blank) records.push_back(std::move(record));
        record = CsvRecord{};
        after_quote = false;
        field_started = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                    after_quote = true;
                }
            } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                field += '\n';
                ++i;
                ++line;
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == ',') {
            record.fields.push_back(std::move(field));
            field.clear();
            after_quote = false;
            field_started = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            end_record();
            if (max_records != 0 && records.size() >= max_records) return records;
            ++line;
            record.line = line;
        } else if (c == '"') {
            if (!field.empty() || after_quote) bad(line, "a quote inside an unquoted field");
            quoted = true;
            field_started = true;
        } else {
            if (after_quote) bad(line, "text after a closing quote");
            field += c;
            field_started = true;
        }
    }
    if (quoted) bad(record.line, "a quoted field is not closed before the end of the file");
    if (field_started || !field.empty() || !record.fields.empty()) end_record();
    return records;
}

}  // namespace

std::vector<CsvRecord> parse_csv(std::string_view text) { return parse(text, 0); }

std::vector<std::string> csv_header(std::string_view text) {
    try {
        auto first = parse(text.substr(0, std::min<std::size_t>(text.size(), 64 * 1024)), 1);
        if (first.empty()) return {};
        // A header cut short by the 64 KiB window is no header.
        return first.front().fields;
    } catch (const core::Error&) {
        return {};
    }
}

}  // namespace policymap::text
