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

// Length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlongs,
// no surrogates, nothing above U+10FFFF), 0 when it is not one.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
    const unsigned char c = b(0);
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2)) return 0;
        if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) > 0x9F)) return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) > 0x8F)) return 0;
        return 4;
    }
    return 0;
}

// Refuses text that is not UTF-8 (a Shift_JIS export, say), naming the line.
void require_utf8(std::string_view text) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_sequence(text, i);
        if (n == 0) bad(line, "is not UTF-8 text (byte " + std::to_string(i) + "); save the file as UTF-8");
        if (text[i] == '\n') ++line;
        i += n;
    }
}

// Parses records from `text`; stops after `max_records` when it is non-zero.
std::vector<CsvRecord> parse(std::string_view text, std::size_t max_records) {
    text = without_bom(text);
    if (max_records == 0) require_utf8(text);
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

std::string csv_field(std::string_view value) {
    const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!value.empty() && (value.front() == ' ' || value.back() == ' '));
    if (!quote) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string spreadsheet_csv_field(std::string_view value) {
    if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
        return csv_field("'" + std::string(value));
    }
    return csv_field(value);
}

}  // namespace policymap::text
