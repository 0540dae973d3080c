#include "http/handlers.hpp"

#include "core/error.hpp"
#include "http/json_response.hpp"
#include "http/response_cache.hpp"
#include "programmes/lookup_service.hpp"
#include "tiles/tile_service.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>

namespace policymap::http {

namespace {


nlohmann::json area_json(const programmes::AreaRef& a) { return {{"code", a.code}, {"name", a.name}, {"level", a.level}}; }

}  // namespace

double parse_coordinate(const std::string& field, const std::optional<std::string>& text) {
    if (!text || text->empty()) core::throw_invalid("invalid-coordinates", field + " is required", {{field, "", "required"}});
    const std::string& s = *text;
    double value = 0;
    // Decimal degrees, with an exponent if someone sends one; no hex, no inf/nan, no trailing text.
    const bool plain = s.find_first_not_of("0123456789+-.eE") == std::string::npos;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::general);
    if (plain && ec == std::errc::result_out_of_range) {
        core::throw_invalid("invalid-coordinates", field + " is out of range",
                            {{field, s.substr(0, 64), "out of range"}});
    }
    if (!plain || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
        core::throw_invalid("invalid-coordinates", field + " must be a decimal number of degrees",
                            {{field, s.substr(0, 64), "not a decimal number"}});
    }
    return value;
}

Response handle_health(const Request&) { return json_response({{"status", "ok"}}); }

Response handle_lookup(const Request& request, programmes::LookupService& lookup, ResponseCache* cache) {
    std::vector<core::FieldProblem> problems;
    double lat = 0;
    double lon = 0;
    try {
        lat = parse_coordinate("lat", request.param("lat"));
    } catch (const core::Error& e) {
        problems.insert(problems.end(), e.fields().begin(), e.fields().end());
    }
    try {
        lon = parse_coordinate("lon", request.param("lon"));
    } catch (const core::Error& e) {
        problems.insert(problems.end(), e.fields().begin(), e.fields().end());
    }
    if (!problems.empty()) core::throw_invalid("invalid-coordinates", "lat and lon must be decimal degrees", std::move(problems));

    // The answer is the area's: every point of it shares one rendered copy.
    const auto where = lookup.locate(lat, lon);
    const std::string key = "lookup\x1f" + where.code;
    if (cache && where.data_version) {
        if (auto hit = cache->get(key, *where.data_version)) return *hit;
    }
    auto result = lookup.at_area(where.code);
    nlohmann::json programmes = nlohmann::json::array();
    for (const auto& p : result.programmes) {
        programmes.push_back({{"id", p.id}, {"title", p.title}, {"source", p.source}, {"source_id", p.source_id}, {"scope", p.scope}});
    }
    nlohmann::json body{{"municipality", area_json(result.municipality)},
                        {"designated_city", result.designated_city ? area_json(*result.designated_city) : nlohmann::json()},
                        {"prefecture", {{"code", result.prefecture.code}, {"name", result.prefecture.name}}},
                        {"programmes", programmes}};
    auto r = json_response(body);
    r.set("Cache-Control", "public, max-age=60");
    if (cache && result.data_version) cache->put(key, *result.data_version, result.valid_until, r);
    return r;
}

}  // namespace policymap::http
