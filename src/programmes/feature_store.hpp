#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace policymap::programmes {

// The feature collections of the OGC API (and of the GeoJSON / GeoPackage
// exports): areas and programmes as features with geometry.
enum class FeatureCollection { prefectures, municipalities, programmes };

// A request for features, checked by the HTTP layer (names, ranges, CRS).
struct FeatureQuery {
    FeatureCollection collection = FeatureCollection::municipalities;
    std::optional<std::array<double, 4>> bbox;  // WGS84 west, south, east, north
    std::optional<std::string> datetime_start;  // programmes: acceptance window meets [start, end]
    std::optional<std::string> datetime_end;    // (ISO 8601 with offset; nullopt = open)
    std::map<std::string, std::string> properties;  // property filters, names checked
    int crs = 4326;                             // output: 4326 (CRS84), 6668, 3857
    std::int64_t limit = 10;
    std::int64_t offset = 0;
};

struct FeaturePage {
    std::int64_t matched = 0;
    std::vector<std::string> features;  // GeoJSON Feature texts
};

// One row of an area export.
struct AreaRow {
    std::string code;
    std::string name;
    std::string level;
    std::string pref_code;
    std::optional<std::string> prefecture;  // name; null for a prefecture
    std::optional<std::string> parent_code;
    std::optional<std::string> reading;
    std::int64_t programmes = 0;
    std::int64_t local = 0;
    std::optional<std::string> geometry;  // GeoJSON geometry, when asked for
};

class FeatureStore {
public:
    virtual ~FeatureStore() = default;
    // One page of features (generalised geometry) and the number matched.
    virtual FeaturePage items(const FeatureQuery& query) = 0;
    // One feature at full resolution; nullopt when there is none.
    virtual std::optional<std::string> item(FeatureCollection collection, const std::string& id, int crs) = 0;
    // The generalised coverage of each programme as GeoJSON in WGS84 (absent
    // for nationwide ones).
    virtual std::map<std::int64_t, std::string> programme_geometries(const std::vector<std::int64_t>& ids) = 0;
    // Up to `batch` areas (or of those with the given codes) in code order,
    // after the code `after` (from the start when nullopt); geometry
    // generalised, in WGS84, when `with_geometry`. Fewer than `batch` rows
    // means the end.
    virtual std::vector<AreaRow> areas(const std::optional<std::vector<std::string>>& codes, bool with_geometry,
                                       const std::optional<std::string>& after, int batch) = 0;
};

}  // namespace policymap::programmes
