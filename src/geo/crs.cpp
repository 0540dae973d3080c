#include "geo/crs.hpp"

#include "core/error.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <utility>
#include <vector>

namespace policymap::geo {

namespace {

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const { OGRCoordinateTransformation::DestroyCT(t); }
};
using Transform = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

// OGRCoordinateTransformation is not thread-safe: each thread keeps its own.
OGRCoordinateTransformation& transform_from(int epsg) {
    thread_local std::map<int, Transform> cache;
    auto it = cache.find(epsg);
    if (it != cache.end()) return *it->second;
    OGRSpatialReference source;
    OGRSpatialReference target;
    if (!supported_crs(epsg) || source.importFromEPSG(epsg) != OGRERR_NONE || target.importFromEPSG(4326) != OGRERR_NONE) {
        throw core::Error(core::ErrorKind::internal, "internal", "unknown CRS EPSG:" + std::to_string(epsg));
    }
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    Transform t(OGRCreateCoordinateTransformation(&source, &target));
    if (!t) throw core::Error(core::ErrorKind::internal, "internal", "no transformation from EPSG:" + std::to_string(epsg));
    return *cache.emplace(epsg, std::move(t)).first->second;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

bool supported_crs(int epsg) { return epsg == 4326 || epsg == 6668 || epsg == 3857 || (epsg >= 6669 && epsg <= 6687); }

bool geographic_crs(int epsg) { return epsg == 4326 || epsg == 6668; }

std::optional<int> parse_crs(std::string_view text) {
    const std::string t = lower(text);
    if (t == "crs84" || t == "ogc:crs84" || t == "http://www.opengis.net/def/crs/ogc/1.3/crs84" ||
        t == "urn:ogc:def:crs:ogc:1.3:crs84") {
        return 4326;
    }
    std::string_view digits;
    for (std::string_view prefix : {"epsg:", "http://www.opengis.net/def/crs/epsg/0/", "urn:ogc:def:crs:epsg::", ""}) {
        if (t.rfind(prefix, 0) == 0) {
            digits = std::string_view(text).substr(prefix.size());
            break;
        }
    }
    int code = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code);
    if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || !supported_crs(code)) return std::nullopt;
    return code;
}

std::string crs_uri(int epsg) {
    if (epsg == 4326) return "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    return "http://www.opengis.net/def/crs/EPSG/0/" + std::to_string(epsg);
}

namespace {

// How far from its origin a plane rectangular coordinate is taken: each
// system serves the prefectures around its origin, a few hundred km away;
// beyond some 3,000 km the transverse Mercator inverse stops being useful
// (boxes transformed from there cover nothing).
constexpr double plane_reach = 2'500'000;

// A coordinate as sent, in the shortest form that reads back the same.
std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

}  // namespace

std::array<double, 4> valid_extent(int epsg) {
    if (geographic_crs(epsg)) return {-180, -90, 180, 90};
    if (epsg == 3857) {
        constexpr double half_world = 20037508.342789244;
        return {-half_world, -half_world, half_world, half_world};
    }
    return {-plane_reach, -plane_reach, plane_reach, plane_reach};
}

std::optional<std::string> outside_extent(int epsg, double x, double y) {
    const auto e = valid_extent(epsg);
    const bool plane = !geographic_crs(epsg) && epsg != 3857;
    if (std::isfinite(x) && std::isfinite(y) && x >= e[0] && x <= e[2] && y >= e[1] && y <= e[3] &&
        (!plane || std::hypot(x, y) <= plane_reach)) {
        return std::nullopt;
    }
    const auto number = [](double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f", v);
        return std::string(buf);
    };
    if (geographic_crs(epsg)) return "outside -180..180 longitude / -90..90 latitude";
    if (plane) {
        return "more than 2,500 km from the origin of EPSG:" + std::to_string(epsg) +
               " (easting and northing are metres from the origin of the plane rectangular system)";
    }
    return "outside " + number(e[0]) + ".." + number(e[2]) + " metres easting / " + number(e[1]) + ".." + number(e[3]) +
           " metres northing for EPSG:" + std::to_string(epsg);
}

std::array<double, 2> to_wgs84(int epsg, double x, double y, const std::string& x_name, const std::string& y_name) {
    if (auto why = outside_extent(epsg, x, y)) {
        std::vector<core::FieldProblem> problems;
        const auto e = valid_extent(epsg);
        if (!(x >= e[0] && x <= e[2])) problems.push_back({x_name, number_text(x), *why});
        if (!(y >= e[1] && y <= e[3])) problems.push_back({y_name, number_text(y), *why});
        if (problems.empty()) {  // each axis within bounds, the point too far from the origin
            problems.push_back({x_name, number_text(x), *why});
            problems.push_back({y_name, number_text(y), *why});
        }
        core::throw_invalid("invalid-coordinates", "the point lies outside EPSG:" + std::to_string(epsg), std::move(problems));
    }
    if (epsg == 4326) return {x, y};
    double px = x;
    double py = y;
    if (!transform_from(epsg).Transform(1, &px, &py)) {
        core::throw_invalid("invalid-coordinates", "the coordinates cannot be transformed from EPSG:" + std::to_string(epsg),
                            {{"crs", "EPSG:" + std::to_string(epsg), "the point lies outside the area of this CRS"}});
    }
    return {px, py};
}

std::array<double, 4> bbox_to_wgs84(int epsg, const std::array<double, 4>& box) {
    for (const auto& [x, y] : {std::pair{box[0], box[1]}, std::pair{box[2], box[3]}}) {
        if (auto why = outside_extent(epsg, x, y)) {
            core::throw_invalid("invalid-parameter", "the bbox lies outside EPSG:" + std::to_string(epsg), {{"bbox", "", *why}});
        }
    }
    if (epsg == 4326) return box;
    std::array<double, 4> out{};
    if (!transform_from(epsg).TransformBounds(box[0], box[1], box[2], box[3], &out[0], &out[1], &out[2], &out[3], 21)) {
        core::throw_invalid("invalid-parameter", "the bbox cannot be transformed from EPSG:" + std::to_string(epsg),
                            {{"bbox", "", "outside the area of EPSG:" + std::to_string(epsg)}});
    }
    return out;
}

}  // namespace policymap::geo
