#include "programmes/mirasapo_snapshot.hpp"

#include "core/error.hpp"
#include "programmes/field_parsers.hpp"
#include "text/csv.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace policymap::programmes {

namespace {

using nlohmann::json;

// Columns a file must have to be taken for Mirasapo's support systems.
const std::vector<std::string> required_columns = {"id", "title", "competent_authorities", "prefectures", "area"};

class Row {
public:
    Row(const std::string& path, const std::map<std::string, std::size_t>& columns, const text::CsvRecord& record)
        : m_path(path), m_columns(columns), m_record(record) {}

    [[noreturn]] void bad(const std::string& column, const std::string& why) const {
        const std::string where = m_path + ": line " + std::to_string(m_record.line) +
                                  (m_id.empty() ? "" : " (id " + m_id + ")");
        core::throw_invalid("invalid-snapshot", where + ": " + column + " " + why, {{column, "", why}});
    }

    void set_id(std::string id) { m_id = std::move(id); }

    // The column's text; "" when the file has no such column.
    [[nodiscard]] const std::string& raw(const std::string& column) const {
        static const std::string empty;
        auto it = m_columns.find(column);
        return it == m_columns.end() ? empty : m_record.fields[it->second];
    }

    [[nodiscard]] std::optional<std::string> text(const std::string& column) const {
        auto s = trim(raw(column));
        if (s.empty()) return std::nullopt;
        return s;
    }

    [[nodiscard]] json json_field(const std::string& column, json fallback) const {
        const auto s = trim(raw(column));
        if (s.empty()) return fallback;
        try {
            return json::parse(s);
        } catch (const json::exception&) {
            bad(column, "is not valid JSON");
        }
    }

    [[nodiscard]] json json_array(const std::string& column) const {
        auto v = json_field(column, json::array());
        if (!v.is_array()) bad(column, "must be a JSON array");
        return v;
    }

    [[nodiscard]] std::optional<std::string> date(const std::string& column) const {
        auto s = text(column);
        if (!s) return s;
        const auto digit = [&](std::size_t i) { return (*s)[i] >= '0' && (*s)[i] <= '9'; };
        const bool shaped = s->size() == 10 && (*s)[4] == '-' && (*s)[7] == '-' && digit(0) && digit(1) && digit(2) &&
                            digit(3) && digit(5) && digit(6) && digit(8) && digit(9);
        if (!shaped) bad(column, "must be a date YYYY-MM-DD, not '" + *s + "'");
        const int month = ((*s)[5] - '0') * 10 + ((*s)[6] - '0');
        const int day = ((*s)[8] - '0') * 10 + ((*s)[9] - '0');
        if (month < 1 || month > 12 || day < 1 || day > 31) bad(column, "must be a date YYYY-MM-DD, not '" + *s + "'");
        return s;
    }

    [[nodiscard]] std::string member(const json& obj, const char* key, const std::string& column) const {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return "";
        if (it->is_string()) return trim(it->get<std::string>());
        if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
        bad(column, std::string("entries must have a string ") + key);
    }

    [[nodiscard]] std::vector<MirasapoCategory> categories(const std::string& column) const {
        std::vector<MirasapoCategory> out;
        for (const auto& e : json_array(column)) {
            if (!e.is_object()) bad(column, "entries must be objects");
            MirasapoCategory c;
            c.name = member(e, "name", column);
            if (c.name.empty()) bad(column, "entries must have a name");
            if (auto r = member(e, "remarks", column); !r.empty()) c.remarks = r;
            out.push_back(std::move(c));
        }
        return out;
    }

    [[nodiscard]] json as_object() const {
        json out = json::object();
        for (const auto& [name, index] : m_columns) out[name] = m_record.fields[index];
        return out;
    }

    [[nodiscard]] std::size_t width() const { return m_record.fields.size(); }

private:
    const std::string& m_path;
    const std::map<std::string, std::size_t>& m_columns;
    const text::CsvRecord& m_record;
    std::string m_id;
};

std::string last_modified(const json& update_info) {
    if (!update_info.is_object()) return "";
    auto it = update_info.find("last_modified_at");
    return it != update_info.end() && it->is_string() ? it->get<std::string>() : "";
}

MirasapoRecord parse_row(const Row& row) {
    MirasapoRecord r;
    r.id = row.text("id").value_or("");
    if (r.id.empty()) row.bad("id", "is missing");
    r.title = row.text("title").value_or("");
    if (r.title.empty()) row.bad("title", "is missing");
    r.subtitle = row.text("subtitle");
    for (const auto& a : row.json_array("competent_authorities")) {
        if (!a.is_object()) row.bad("competent_authorities", "entries must be objects");
        MirasapoAuthority auth{row.member(a, "id", "competent_authorities"), row.member(a, "name", "competent_authorities"),
                               row.member(a, "code", "competent_authorities"),
                               row.member(a, "kind", "competent_authorities")};
        if (auth.id.empty() && auth.code.empty()) row.bad("competent_authorities", "entries must have an id or a code");
        if (auth.name.empty()) row.bad("competent_authorities", "entries must have a name");
        r.competent_authorities.push_back(std::move(auth));
    }
    for (const auto& p : row.json_array("prefectures")) {
        if (!p.is_object()) row.bad("prefectures", "entries must be objects");
        auto id = row.member(p, "id", "prefectures");
        const bool numeric = !id.empty() && id.size() <= 2 && std::all_of(id.begin(), id.end(), [](char c) {
            return c >= '0' && c <= '9';
        });
        if (!numeric || std::stoi(id) < 1 || std::stoi(id) > 47) {
            row.bad("prefectures", "ids must be prefecture numbers 1..47, not '" + id + "'");
        }
        r.prefecture_ids.push_back(std::to_string(std::stoi(id)));
        r.prefecture_names.push_back(row.member(p, "name", "prefectures"));
    }
    r.area = row.raw("area");
    r.publish_date = row.date("publish_date");
    r.unpublish_date = row.date("unpublish_date");
    r.reception_start_date = row.date("reception_start_date");
    r.reception_end_date = row.date("reception_end_date");
    r.target = row.text("target");
    r.application_target = row.text("application_target");
    r.summary = row.text("summary");
    r.body = row.text("body");
    r.application_url = row.text("application_url");
    r.refernece = row.text("refernece");
    r.purpose_categories = row.categories("purpose_categories");
    r.stage_categories = row.categories("stage_categories");
    r.industry_categories = row.categories("industry_categories");
    r.last_modified_at = last_modified(row.json_field("update_info", json::object()));
    r.raw_json = row.as_object().dump();
    return r;
}

}  // namespace

bool is_mirasapo_csv(std::string_view text) {
    const auto header = text::csv_header(text);
    return std::all_of(required_columns.begin(), required_columns.end(), [&](const std::string& c) {
        return std::find(header.begin(), header.end(), c) != header.end();
    });
}

MirasapoSnapshot parse_mirasapo(const std::string& text, const std::string& path) {
    std::vector<text::CsvRecord> records;
    try {
        records = text::parse_csv(text);
    } catch (const core::Error& e) {
        core::throw_invalid("invalid-snapshot", path + ": " + e.detail(), e.fields());
    }
    if (records.empty()) core::throw_invalid("invalid-snapshot", path + ": empty file, expected a Mirasapo CSV header");
    std::map<std::string, std::size_t> columns;
    const auto& header = records.front().fields;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (!columns.emplace(header[i], i).second) {
            core::throw_invalid("invalid-snapshot", path + ": column '" + header[i] + "' appears twice in the header");
        }
    }
    for (const auto& c : required_columns) {
        if (columns.count(c) == 0) {
            core::throw_invalid("invalid-snapshot", path + ": no '" + c + "' column: not a Mirasapo support-system CSV",
                                {{c, "", "column is missing"}});
        }
    }
    MirasapoSnapshot snap;
    snap.path = path;
    std::set<std::string> ids;
    for (std::size_t i = 1; i < records.size(); ++i) {
        Row row(path, columns, records[i]);
        if (row.width() != header.size()) {
            row.bad("row", "has " + std::to_string(row.width()) + " fields, the header " + std::to_string(header.size()));
        }
        row.set_id(trim(row.raw("id")));
        auto rec = parse_row(row);
        if (!ids.insert(rec.id).second) row.bad("id", "appears twice in the file");
        snap.captured = std::max(snap.captured, rec.last_modified_at);
        snap.records.push_back(std::move(rec));
    }
    return snap;
}

}  // namespace policymap::programmes
