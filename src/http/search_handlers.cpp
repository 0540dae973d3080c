#include "http/search_handlers.hpp"

#include "core/error.hpp"
#include "http/agency_handlers.hpp"
#include "http/export_handlers.hpp"
#include "http/json_response.hpp"
#include "http/query_params.hpp"
#include "http/response_cache.hpp"
#include "programmes/area_directory.hpp"
#include "programmes/programme_search.hpp"
#include "text/encoding.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <regex>
#include <set>

namespace policymap::http {

namespace {

// Every value of a parameter that may repeat or list values separated by commas.
std::vector<std::string> list(const Request& request, const std::string& name, Problems& problems) {
    std::vector<std::string> out;
    for (const auto& [k, v] : request.query) {
        if (k != name || !is_text(name, v, problems)) continue;
        std::size_t start = 0;
        while (start <= v.size()) {
            auto comma = v.find(',', start);
            auto part = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            while (!part.empty() && part.front() == ' ') part.erase(part.begin());
            while (!part.empty() && part.back() == ' ') part.pop_back();
            if (!part.empty() && std::find(out.begin(), out.end(), part) == out.end()) out.push_back(part);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    return out;
}

std::optional<std::int64_t> integer(const std::string& field, const std::optional<std::string>& text, Problems& problems) {
    if (!text) return std::nullopt;
    std::int64_t v = 0;
    const auto& s = *text;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
        problems.push_back({field, s.substr(0, 200), "not an integer"});
        return std::nullopt;
    }
    return v;
}

// `format`: nullopt for JSON, else the export format; a bad one is a problem.
std::optional<std::string> export_format(const Request& request, Problems& problems) {
    auto f = single(request, "format", problems);
    if (!f) return std::nullopt;
    try {
        return parse_export_format(*f);
    } catch (const core::Error& e) {
        problems.insert(problems.end(), e.fields().begin(), e.fields().end());
        return std::nullopt;
    }
}

nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

nlohmann::json programme_json(const programmes::Programme& p) {
    nlohmann::json j{{"id", p.id},
                     {"source", p.source},
                     {"source_id", p.source_id},
                     {"title", p.title},
                     {"catch_phrase", opt(p.catch_phrase)},
                     {"institution_name", opt(p.institution_name)},
                     {"purposes", p.purposes},
                     {"industries", p.industries},
                     {"employees", opt(p.employees)},
                     {"max_amount", p.max_amount ? nlohmann::json(*p.max_amount) : nlohmann::json()},
                     {"rate", opt(p.rate)},
                     {"acceptance_start", opt(p.acceptance_start)},
                     {"acceptance_end", opt(p.acceptance_end)},
                     {"url", opt(p.url)},
                     {"status", p.status}};
    if (p.scope) j["scope"] = *p.scope;
    j["areas"] = p.areas;
    return j;
}

nlohmann::json ref_json(const programmes::AreaRef& a) { return {{"code", a.code}, {"name", a.name}, {"level", a.level}}; }

nlohmann::json area_summary_json(const programmes::AreaSummary& a) {
    return {{"code", a.code},
            {"name", a.name},
            {"level", a.level},
            {"prefecture", a.prefecture ? nlohmann::json{{"code", a.prefecture->code}, {"name", a.prefecture->name}}
                                        : nlohmann::json()},
            {"reading", opt(a.reading)},
            {"center", {a.center[0], a.center[1]}},
            {"bbox", {a.bbox[0], a.bbox[1], a.bbox[2], a.bbox[3]}}};
}

}  // namespace

std::string parse_moment(const std::string& field, const std::string& text) {
    static const std::regex pattern(
        R"(^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]{1,6})?)?(Z|[+ -][0-9]{2}:?[0-9]{2}))?$)");
    std::smatch m;
    auto fail = [&]() {
        core::throw_invalid("invalid-parameter", field + " must be an ISO 8601 date-time with an offset",
                            {{field, text.substr(0, 100),
                              "not an ISO 8601 date-time with Z or an offset (2026-08-20T09:00:00+09:00) or a date "
                              "(2026-08-20, midnight in Japan)"}});
    };
    if (!std::regex_match(text, m, pattern)) fail();
    const int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || y < 1900 || y > 2999) fail();
    if (!m[4].matched) return m[1].str() + "-" + m[2].str() + "-" + m[3].str() + "T00:00:00+09:00";
    const int h = std::stoi(m[4]), mi = std::stoi(m[5]), s = m[6].matched ? std::stoi(m[6]) : 0;
    if (h > 23 || mi > 59 || s > 59) fail();
    std::string zone = m[8].str();
    if (zone != "Z") {
        if (zone[0] == ' ') zone[0] = '+';
        std::string digits = zone.substr(1);
        digits.erase(std::remove(digits.begin(), digits.end(), ':'), digits.end());
        if (std::stoi(digits.substr(0, 2)) > 14 || std::stoi(digits.substr(2)) > 59) fail();
        zone = zone.substr(0, 1) + digits.substr(0, 2) + ":" + digits.substr(2);
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s%s", y, mo, d, h, mi, s,
                  m[7].matched ? m[7].str().c_str() : "", zone.c_str());
    return buf;
}

std::int64_t utc_seconds(const std::string& moment) {
    using namespace std::chrono;
    const int y = std::stoi(moment.substr(0, 4));
    const auto mo = static_cast<unsigned>(std::stoi(moment.substr(5, 2)));
    const auto d = static_cast<unsigned>(std::stoi(moment.substr(8, 2)));
    std::int64_t t = sys_days(year_month_day{year{y}, month{mo}, day{d}}).time_since_epoch() / seconds(1);
    t += std::stoi(moment.substr(11, 2)) * 3600 + std::stoi(moment.substr(14, 2)) * 60 + std::stoi(moment.substr(17, 2));
    if (moment.back() != 'Z') {
        const std::string zone = moment.substr(moment.size() - 6);
        const int offset = std::stoi(zone.substr(1, 2)) * 3600 + std::stoi(zone.substr(4, 2)) * 60;
        t -= zone[0] == '-' ? -offset : offset;
    }
    return t;
}

Response handle_programmes(const Request& request, programmes::ProgrammeSearch& search, ResponseCache* cache,
                           programmes::FeatureStore* features) {
    Problems problems;
    check_known(request,
                {"area", "purpose", "industry", "employees", "open", "at", "closing_within", "q", "source", "sort",
                 "limit", "cursor", "format"},
                problems);
    const auto format = export_format(request, problems);
    programmes::ProgrammeQuery q;
    if (auto area = single(request, "area", problems)) {
        static const std::regex code(R"(^(JP|[0-9]{2}|[0-9]{5})$)");
        if (std::regex_match(*area, code)) {
            q.area = *area;
        } else {
            problems.push_back({"area", area->substr(0, 100),
                                "not an area code; allowed: JP, a 2-digit prefecture code or a 5-digit municipality, "
                                "ward or designated-city code"});
        }
    }
    q.purposes = list(request, "purpose", problems);
    q.industries = list(request, "industry", problems);
    q.employees = integer("employees", single(request, "employees", problems), problems);
    if (auto open = single(request, "open", problems)) {
        if (*open == "true") {
            q.open = true;
        } else if (*open != "false") {
            problems.push_back({"open", open->substr(0, 100), "must be true or false"});
        }
    }
    if (auto at = single(request, "at", problems)) {
        try {
            q.at = parse_moment("at", *at);
        } catch (const core::Error& e) {
            problems.insert(problems.end(), e.fields().begin(), e.fields().end());
        }
    }
    q.closing_within = integer("closing_within", single(request, "closing_within", problems), problems);
    q.keywords = single(request, "q", problems);
    q.source = single(request, "source", problems);
    if (auto sort = single(request, "sort", problems)) {
        if (auto s = programmes::parse_sort(*sort)) {
            q.sort = *s;
        } else {
            problems.push_back({"sort", sort->substr(0, 100), "unknown; allowed: deadline, newest, amount"});
        }
    }
    if (auto limit = integer("limit", single(request, "limit", problems), problems)) q.limit = *limit;
    auto cursor = single(request, "cursor", problems);
    if (format) {
        // An export holds every match: pages do not apply.
        for (const char* paging : {"limit", "cursor"}) {
            if (auto v = request.param(paging)) problems.push_back({paging, v->substr(0, 100), "not with format=" + *format + ": an export holds every match"});
        }
    }
    if (!problems.empty()) throw_problems(std::move(problems));
    if (format) return export_programmes(q, *format, search, features);
    if (cursor) q.cursor = programmes::decode_cursor(*cursor, q.sort);

    // The answer depends on the parameters in their order (the `next` link
    // repeats them), the data version and the programme windows.
    std::string key = "programmes";
    for (const auto& [k, v] : request.query) key += '\x1f' + k + '\x1e' + v;
    const auto version = cache ? search.data_version() : std::nullopt;
    if (version) {
        if (auto hit = cache->get(key, *version)) return *hit;
    }
    auto page = search.search(std::move(q));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& p : page.items) items.push_back(programme_json(p));
    nlohmann::json next;
    if (page.next) {
        std::string link = "/v1/programmes?";
        for (const auto& [k, v] : request.query) {
            if (k == "cursor") continue;
            link += percent_encode(k) + "=" + percent_encode(v) + "&";
        }
        next = link + "cursor=" + programmes::encode_cursor(*page.next);
    }
    auto r = json_response({{"total", page.total}, {"items", items}, {"next", next}});
    r.set("Cache-Control", "public, max-age=60");
    if (cache && page.data_version) cache->put(key, *page.data_version, page.valid_until, r);
    return r;
}

Response handle_programme(const Request& request, programmes::ProgrammeSearch& search, const std::string& id) {
    Problems problems;
    check_known(request, {}, problems);
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), value);
    if (id.empty() || id.size() > 18 || ec != std::errc() || ptr != id.data() + id.size() || value <= 0) {
        problems.push_back({"id", id.substr(0, 100), "a programme id is a positive integer"});
    }
    if (!problems.empty()) throw_problems(std::move(problems));
    auto p = search.get(value);
    auto j = programme_json(p);
    j["summary"] = opt(p.summary);
    j["version"] = p.version;
    j["updated_at"] = p.updated_at;
    j["source_categories"] = nlohmann::json::parse(p.source_categories, nullptr, false);
    if (!j["source_categories"].is_object()) j["source_categories"] = nlohmann::json::object();
    auto r = json_response(j);
    // The ETag an agency sends back in If-Match; revalidated on every use, so
    // an edit is never hidden behind a cached copy.
    r.set("ETag", programme_etag(p.id, p.version));
    r.set("Cache-Control", "no-cache");
    return r;
}

Response handle_areas(const Request& request, programmes::AreaDirectory& areas, programmes::FeatureStore* features) {
    Problems problems;
    check_known(request, {"q", "limit", "format"}, problems);
    const auto known_problems = problems.size();
    auto q = single(request, "q", problems);
    const auto q_problems = problems.size();
    auto limit = integer("limit", single(request, "limit", problems), problems);
    const auto format = export_format(request, problems);
    if (format) {
        // Every area, or every one whose name or reading starts with q.
        if (limit) problems.push_back({"limit", std::to_string(*limit), "not with format=" + *format + ": an export holds every match"});
        if (!problems.empty()) throw_problems(std::move(problems));
        std::optional<std::vector<std::string>> codes;
        if (q) {
            codes.emplace();
            for (const auto& a : areas.search(*q, programmes::AreaDirectory::max_limit)) codes->push_back(a.code);
        }
        return export_areas(codes, *format, features);
    }
    if (!q && q_problems == known_problems) {
        problems.push_back({"q", "", "required: the beginning of an area name or its kana reading"});
    }
    int n = programmes::AreaDirectory::default_limit;
    if (limit) {
        if (*limit < 1 || *limit > programmes::AreaDirectory::max_limit) {
            problems.push_back({"limit", std::to_string(*limit),
                                "must be between 1 and " + std::to_string(programmes::AreaDirectory::max_limit)});
        } else {
            n = static_cast<int>(*limit);
        }
    }
    if (!problems.empty()) throw_problems(std::move(problems));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& a : areas.search(*q, n)) items.push_back(area_summary_json(a));
    auto r = json_response({{"items", items}});
    r.set("Cache-Control", "public, max-age=3600");
    return r;
}

Response handle_area(const Request& request, programmes::AreaDirectory& areas, const std::string& code) {
    Problems problems;
    check_known(request, {}, problems);
    if (!problems.empty()) throw_problems(std::move(problems));
    auto d = areas.get(code);
    auto j = area_summary_json(d.area);
    j.erase("reading");
    nlohmann::json parents = nlohmann::json::array();
    for (const auto& p : d.parents) parents.push_back(ref_json(p));
    nlohmann::json children = nlohmann::json::array();
    for (const auto& c : d.children) children.push_back(ref_json(c));
    nlohmann::json by_purpose = nlohmann::json::object();
    for (const auto& [purpose, n] : d.by_purpose) by_purpose[purpose] = n;
    nlohmann::json out{{"code", j["code"]},         {"name", j["name"]},       {"level", j["level"]},
                       {"prefecture", j["prefecture"]}, {"reading", opt(d.area.reading)}, {"parents", parents},
                       {"children", children},      {"center", j["center"]},   {"bbox", j["bbox"]},
                       {"counts", {{"programmes", d.programmes}, {"local", d.local}, {"by_purpose", by_purpose}}}};
    auto r = json_response(out);
    r.set("Cache-Control", "public, max-age=60");
    return r;
}

}  // namespace policymap::http
