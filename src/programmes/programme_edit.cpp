#include "programmes/programme_edit.hpp"

#include "programmes/field_parsers.hpp"
#include "programmes/gazetteer.hpp"
#include "programmes/purposes.hpp"
#include "text/normalize.hpp"

#include <algorithm>

namespace policymap::programmes {

namespace {

const std::vector<std::string> read_only_fields = {"id", "source", "source_id", "version", "created_at", "updated_at",
                                                   "owner", "scope", "etag", "agency_edited_at", "source_categories"};

std::string clip(const std::string& s) { return s.size() > 200 ? s.substr(0, 200) : s; }

std::string value_text(const nlohmann::json& v) {
    return clip(v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

bool absent(const nlohmann::json& v) { return v.is_null() || (v.is_string() && trim(v.get<std::string>()).empty()); }

class Checker {
public:
    Checker(const nlohmann::json& doc, Validation& out) : m_doc(doc), m_out(out) {}

    void problem(const std::string& field, const nlohmann::json& value, const std::string& message) {
        m_out.problems.push_back({field, value_text(value), message});
    }

    const nlohmann::json* get(const std::string& field) {
        auto it = m_doc.find(field);
        if (it == m_doc.end() || absent(*it)) return nullptr;
        return &*it;
    }

    // NFKC text with a length bound in characters; NUL cannot be stored.
    std::optional<std::string> text(const std::string& field, std::size_t max_chars, bool required) {
        const auto* v = get(field);
        if (v == nullptr) {
            if (required) problem(field, nullptr, "required");
            return std::nullopt;
        }
        if (!v->is_string()) {
            problem(field, *v, "must be a string");
            return std::nullopt;
        }
        std::string s = text::nfkc(v->get<std::string>());
        if (required) s = trim(s);
        if (s.find('\0') != std::string::npos) {
            problem(field, *v, "NUL characters cannot be stored");
            return std::nullopt;
        }
        if (s.find("\xEF\xBF\xBD") != std::string::npos && v->get<std::string>().find("\xEF\xBF\xBD") == std::string::npos) {
            problem(field, *v, "not valid UTF-8");
            return std::nullopt;
        }
        if (text::char_count(s) > max_chars) {
            problem(field, *v, "at most " + std::to_string(max_chars) + " characters");
            return std::nullopt;
        }
        return s;
    }

    // A list given as a JSON array of strings or as one string (a CSV cell).
    std::vector<std::pair<std::string, nlohmann::json>> list(const std::string& field, bool commas) {
        std::vector<std::pair<std::string, nlohmann::json>> out;
        const auto* v = get(field);
        if (v == nullptr) return out;
        if (v->is_array()) {
            for (const auto& item : *v) {
                if (!item.is_string()) {
                    problem(field, item, "each item must be a string");
                    continue;
                }
                out.emplace_back(text::nfkc(item.get<std::string>()), item);
            }
        } else if (v->is_string()) {
            std::string s = text::nfkc(v->get<std::string>());
            if (commas) {
                for (auto& c : s) {
                    if (c == ',') c = ';';
                }
                std::string fixed;
                for (std::size_t i = 0; i < s.size(); ++i) {
                    if (s.compare(i, 3, "、") == 0) {
                        fixed += ';';
                        i += 2;
                    } else {
                        fixed += s[i];
                    }
                }
                s = fixed;
            }
            for (auto& part : split_list(s)) out.emplace_back(part, part);
        } else {
            problem(field, *v, "must be a list of strings");
        }
        return out;
    }

private:
    const nlohmann::json& m_doc;
    Validation& m_out;
};

std::string jurisdiction_text(const Editor& e) {
    std::string s;
    for (const auto& g : e.granted) s += (s.empty() ? "" : ", ") + g;
    return s.empty() ? std::string("no areas") : s;
}

}  // namespace

const std::vector<std::string>& editable_fields() {
    static const std::vector<std::string> names = {
        "ref", "title", "catch_phrase", "summary", "institution_name", "areas", "purposes", "industries",
        "employees", "max_amount", "rate", "acceptance_start", "acceptance_end", "url", "status"};
    return names;
}

nlohmann::json to_json(const ProgrammeFields& f) {
    auto opt = [](const auto& o) -> nlohmann::json { return o ? nlohmann::json(*o) : nlohmann::json(); };
    return nlohmann::json{{"ref", opt(f.ref)},
                          {"title", f.title},
                          {"catch_phrase", opt(f.catch_phrase)},
                          {"summary", opt(f.summary)},
                          {"institution_name", opt(f.institution_name)},
                          {"areas", f.areas},
                          {"purposes", f.purposes},
                          {"industries", f.industries},
                          {"employees", opt(f.employees)},
                          {"max_amount", opt(f.max_amount)},
                          {"rate", opt(f.rate)},
                          {"acceptance_start", opt(f.acceptance_start)},
                          {"acceptance_end", opt(f.acceptance_end)},
                          {"url", opt(f.url)},
                          {"status", f.status}};
}

Validation validate_programme(const nlohmann::json& doc, const Gazetteer& gazetteer, const Editor& editor) {
    Validation out;
    if (!doc.is_object()) {
        out.problems.push_back({"", value_text(doc), "a programme must be a JSON object"});
        return out;
    }
    Checker c(doc, out);
    auto& f = out.fields;
    for (const auto& [key, value] : doc.items()) {
        const auto& names = editable_fields();
        if (std::find(names.begin(), names.end(), key) == names.end() &&
            std::find(read_only_fields.begin(), read_only_fields.end(), key) == read_only_fields.end()) {
            out.problems.push_back({clip(key), value_text(value), "unknown field"});
        }
    }

    f.ref = c.text("ref", 100, false);
    if (f.ref) {
        *f.ref = trim(*f.ref);
        if (f.ref->empty()) f.ref.reset();
    }
    if (auto t = c.text("title", 200, true)) f.title = *t;
    f.catch_phrase = c.text("catch_phrase", 500, false);
    f.summary = c.text("summary", 20000, false);
    f.institution_name = c.text("institution_name", 200, false);
    f.rate = c.text("rate", 200, false);

    if (auto e = c.text("employees", 50, false)) {
        if (auto canon = canonical_employees(*e)) {
            f.employees = *canon;
        } else {
            std::string allowed;
            for (const auto& v : employee_classes()) allowed += (allowed.empty() ? "" : ", ") + v;
            c.problem("employees", *e, "not a jGrants employee class; one of: " + allowed);
        }
    }

    for (const auto& [value, original] : c.list("purposes", false)) {
        if (auto canon = canonical_purpose(value)) {
            if (std::find(f.purposes.begin(), f.purposes.end(), *canon) == f.purposes.end()) f.purposes.push_back(*canon);
        } else {
            std::string allowed;
            for (const auto& v : use_purposes()) allowed += (allowed.empty() ? "" : ", ") + v;
            c.problem("purposes", original, "not a jGrants use_purpose; one of: " + allowed);
        }
    }
    for (const auto& [value, original] : c.list("industries", false)) {
        if (auto canon = canonical_industry(value)) {
            if (std::find(f.industries.begin(), f.industries.end(), *canon) == f.industries.end()) f.industries.push_back(*canon);
        } else {
            std::string allowed;
            for (const auto& v : industries()) allowed += (allowed.empty() ? "" : ", ") + v;
            c.problem("industries", original, "not a jGrants industry; one of: " + allowed);
        }
    }

    const auto areas = c.list("areas", true);
    if (areas.empty() && c.get("areas") == nullptr) c.problem("areas", nullptr, "required: at least one area code or name");
    for (const auto& [value, original] : areas) {
        std::string why;
        auto code = resolve_area_reference(value, gazetteer, why);
        if (!code) {
            c.problem("areas", original, why);
            continue;
        }
        if (!editor.may_act_on(*code)) {
            out.outside.push_back({"areas", value_text(original),
                                   *code == "JP" ? std::string("only an admin agency may place national programmes")
                                                 : "area " + *code + " is outside the jurisdiction of " + editor.agency_name +
                                                       " (" + jurisdiction_text(editor) + ")"});
        }
        if (std::find(f.areas.begin(), f.areas.end(), *code) == f.areas.end()) f.areas.push_back(*code);
    }
    std::sort(f.areas.begin(), f.areas.end());

    if (const auto* v = c.get("max_amount")) {
        if (v->is_number_integer()) {
            if (v->is_number_unsigned() || v->get<std::int64_t>() >= 0) {
                f.max_amount = v->get<std::int64_t>();
            } else {
                c.problem("max_amount", *v, "must not be negative");
            }
        } else if (v->is_string()) {
            std::string why;
            if (auto yen = parse_yen(v->get<std::string>(), why)) {
                f.max_amount = *yen;
            } else {
                c.problem("max_amount", *v, why);
            }
        } else {
            c.problem("max_amount", *v, "must be a whole number of yen");
        }
    }

    std::optional<Instant> start;
    std::optional<Instant> end;
    for (const auto& [name, end_of_day] : {std::pair{"acceptance_start", false}, std::pair{"acceptance_end", true}}) {
        const auto* v = c.get(name);
        if (v == nullptr) continue;
        if (!v->is_string()) {
            c.problem(name, *v, "must be a date string");
            continue;
        }
        std::string why;
        auto at = parse_instant(v->get<std::string>(), end_of_day, why);
        if (!at) {
            c.problem(name, *v, why);
            continue;
        }
        (end_of_day ? end : start) = at;
    }
    if (start) f.acceptance_start = start->iso;
    if (end) f.acceptance_end = end->iso;
    if (start && end && start->epoch >= end->epoch) {
        c.problem("acceptance_end", doc.at("acceptance_end"), "must be after acceptance_start");
    }

    if (auto u = c.text("url", 2000, false)) {
        const std::string url = trim(*u);
        const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
        const auto host_start = url.find("://") + 3;
        const bool host = scheme && host_start < url.size() && url[host_start] != '/' && url[host_start] != '?';
        const bool clean = std::none_of(url.begin(), url.end(), [](char ch) {
            return static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7F || ch == '"' || ch == '<' || ch == '>';
        });
        if (!scheme || !host || !clean) {
            c.problem("url", *u, "must be an http:// or https:// address without spaces");
        } else {
            f.url = url;
        }
    }

    if (const auto* v = c.get("status")) {
        const std::string s = v->is_string() ? trim(text::nfkc(v->get<std::string>())) : std::string();
        if (s == "draft" || s == "published") {
            f.status = s;
        } else {
            c.problem("status", *v, "must be draft or published (withdraw with DELETE)");
        }
    }
    return out;
}

std::vector<std::string> changed_fields(const nlohmann::json& before, const nlohmann::json& after) {
    std::vector<std::string> out;
    for (const auto& [key, value] : after.items()) {
        if (!before.is_object() || !before.contains(key) || before.at(key) != value) out.push_back(key);
    }
    return out;
}

}  // namespace policymap::programmes
