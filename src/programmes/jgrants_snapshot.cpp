#include "programmes/jgrants_snapshot.hpp"

#include "core/error.hpp"
#include "programmes/field_parsers.hpp"

#include <nlohmann/json.hpp>

namespace policymap::programmes {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& path, std::size_t index, const std::string& field, const std::string& why) {
    core::throw_invalid("invalid-snapshot",
                        path + ": record " + std::to_string(index) + ": " + field + " " + why,
                        {{field, "", why}});
}

std::optional<std::string> opt_string(const json& rec, const char* key, const std::string& path, std::size_t i) {
    auto it = rec.find(key);
    if (it == rec.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) bad(path, i, key, "must be a string");
    auto s = trim(it->get<std::string>());
    if (s.empty()) return std::nullopt;
    return s;
}

JgrantsRecord parse_record(const json& rec, const std::string& path, std::size_t i) {
    if (!rec.is_object()) bad(path, i, "record", "must be an object");
    JgrantsRecord r;
    r.id = opt_string(rec, "id", path, i).value_or("");
    if (r.id.empty()) bad(path, i, "id", "is missing");
    r.title = opt_string(rec, "title", path, i).value_or("");
    if (r.title.empty()) bad(path, i, "title", "is missing");
    r.subsidy_catch_phrase = opt_string(rec, "subsidy_catch_phrase", path, i);
    r.target_area_search = opt_string(rec, "target_area_search", path, i).value_or("");
    r.target_area_detail = opt_string(rec, "target_area_detail", path, i);
    r.target_number_of_employees = opt_string(rec, "target_number_of_employees", path, i);
    if (auto it = rec.find("subsidy_max_limit"); it != rec.end() && !it->is_null()) {
        if (!it->is_number_integer() && !it->is_number_unsigned()) {
            if (it->is_number_float() && it->get<double>() >= 0) {
                r.subsidy_max_limit = static_cast<std::int64_t>(it->get<double>());
            } else {
                bad(path, i, "subsidy_max_limit", "must be a non-negative number");
            }
        } else {
            auto v = it->get<std::int64_t>();
            if (v < 0) bad(path, i, "subsidy_max_limit", "must be a non-negative number");
            if (v > 0) r.subsidy_max_limit = v;
        }
        if (r.subsidy_max_limit && *r.subsidy_max_limit == 0) r.subsidy_max_limit.reset();
    }
    r.subsidy_rate = opt_string(rec, "subsidy_rate", path, i);
    r.acceptance_start_datetime = opt_string(rec, "acceptance_start_datetime", path, i);
    r.acceptance_end_datetime = opt_string(rec, "acceptance_end_datetime", path, i);
    r.use_purpose = split_jgrants_list(opt_string(rec, "use_purpose", path, i).value_or(""));
    r.industry = split_jgrants_list(opt_string(rec, "industry", path, i).value_or(""));
    r.front_subsidy_detail_page_url = opt_string(rec, "front_subsidy_detail_page_url", path, i);
    r.institution_name = opt_string(rec, "institution_name", path, i);
    r.summary = opt_string(rec, "summary", path, i);
    r.raw_json = rec.dump();
    return r;
}

}  // namespace

std::vector<std::string> split_jgrants_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto slash = text.find('/', start);
        auto part = trim(text.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
        if (!part.empty()) out.push_back(part);
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return out;
}

JgrantsSnapshot parse_jgrants(const std::string& text, const std::string& path) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        core::throw_invalid("invalid-snapshot", path + ": not valid JSON (byte " + std::to_string(e.byte) + ")");
    } catch (const json::exception&) {
        // nlohmann reports a number too large for a double (1E400) as out_of_range, not parse_error.
        core::throw_invalid("invalid-snapshot", path + ": not valid JSON (a number out of range)");
    }
    JgrantsSnapshot snap;
    snap.path = path;
    const json* list = nullptr;
    json single;
    if (doc.is_object() && doc.contains("subsidies")) {
        list = &doc["subsidies"];
        if (auto meta = doc.find("_meta"); meta != doc.end() && meta->is_object()) {
            snap.captured = meta->value("captured_jst", "");
        }
    } else if (doc.is_array()) {
        list = &doc;
    } else if (doc.is_object() && doc.contains("id")) {
        single = json::array({doc});
        list = &single;
    } else {
        core::throw_invalid("invalid-snapshot", path + ": expected a jGrants snapshot ({\"subsidies\": [...]}), an array of records, or one record");
    }
    if (!list->is_array()) core::throw_invalid("invalid-snapshot", path + ": \"subsidies\" must be an array");
    for (std::size_t i = 0; i < list->size(); ++i) snap.records.push_back(parse_record((*list)[i], path, i));
    return snap;
}

}  // namespace policymap::programmes
