#include "geo/crs.hpp"

#include "core/error.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <memory>

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

std::array<double, 2> to_wgs84(int epsg, double x, double y) {
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
    if (epsg == 4326) return box;
    std::array<double, 4> out{};
    if (!transform_from(epsg).TransformBounds(box[0], box[1], box[2], box[3], &out[0], &out[1], &out[2], &out[3], 21)) {
        core::throw_invalid("invalid-parameter", "the bbox cannot be transformed from EPSG:" + std::to_string(epsg),
                            {{"bbox", "", "outside the area of EPSG:" + std::to_string(epsg)}});
    }
    return out;
}

}  // namespace policymap::geo
