#include "http/handlers.hpp"

#include "core/error.hpp"
#include "geo/crs.hpp"
#include "http/json_response.hpp"
#include "http/query_params.hpp"
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

Response handle_health(const Request&) {
    auto r = json_response({{"status", "ok"}});
    r.set("Cache-Control", "no-store");
    return r;
}

Response handle_ready(const Request&, const std::function<std::optional<std::string>()>& readiness) {
    if (readiness) {
        if (auto why = readiness()) throw core::Error(core::ErrorKind::unavailable, "not-ready", "not ready: " + *why);
    }
    auto r = json_response({{"status", "ready"}});
    r.set("Cache-Control", "no-store");
    return r;
}

Response handle_lookup(const Request& request, programmes::LookupService& lookup, ResponseCache* cache) {
    std::vector<core::FieldProblem> problems;
    // A misspelt parameter (crs_=EPSG:6677) would otherwise answer for WGS84.
    check_known(request, {"lat", "lon", "crs", "easting", "northing"}, problems);
    if (!problems.empty()) throw_problems(std::move(problems));
    int epsg = 4326;
    if (auto crs = request.param("crs")) {
        auto parsed = geo::parse_crs(*crs);
        if (!parsed) {
            core::throw_invalid("invalid-coordinates", "crs is not supported",
                                {{"crs", crs->substr(0, 100),
                                  "not supported; allowed: EPSG:4326 (WGS84, the default), EPSG:6668 (JGD2011), "
                                  "EPSG:3857, EPSG:6669..EPSG:6687 (JGD2011 plane rectangular I..XIX)"}});
        }
        epsg = *parsed;
    }
    // Geographic systems take lat / lon; projected ones easting / northing in
    // metres (for the plane rectangular systems: northing is the survey X
    // axis, easting the survey Y axis).
    const bool geographic = geo::geographic_crs(epsg);
    const std::string x_name = geographic ? "lon" : "easting";
    const std::string y_name = geographic ? "lat" : "northing";
    for (const char* other : {"lat", "lon", "easting", "northing"}) {
        if (other != x_name && other != y_name && request.param(other)) {
            problems.push_back({other, request.param(other)->substr(0, 64),
                                "not with crs EPSG:" + std::to_string(epsg) + "; send " + y_name + " and " + x_name});
        }
    }
    double x = 0;
    double y = 0;
    try {
        y = parse_coordinate(y_name, request.param(y_name));
    } catch (const core::Error& e) {
        problems.insert(problems.end(), e.fields().begin(), e.fields().end());
    }
    try {
        x = parse_coordinate(x_name, request.param(x_name));
    } catch (const core::Error& e) {
        problems.insert(problems.end(), e.fields().begin(), e.fields().end());
    }
    if (!problems.empty()) {
        core::throw_invalid("invalid-coordinates", geographic ? "lat and lon must be decimal degrees"
                                                              : "northing and easting must be decimal metres",
                            std::move(problems));
    }
    double lat = y;
    double lon = x;
    if (epsg != 4326) {
        const auto p = geo::to_wgs84(epsg, x, y, x_name, y_name);
        lon = p[0];
        lat = p[1];
    }

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
