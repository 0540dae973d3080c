#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace policymap::geo {

// Which of a set of areas (multipolygons in lon/lat) contains a point, held
// in memory: a point lookup then costs a few microseconds and no database
// round trip. Answers as PostGIS ST_Intersects would, the lower code winning
// where areas touch, and says "uncertain" for a point within `tolerance`
// degrees of an edge, where floating point could disagree with the database:
// the caller asks the database then. Immutable once built; thread-safe.
class AreaIndex {
public:
    struct Area {
        std::string code;
        std::vector<std::uint8_t> wkb;  // ISO/OGC WKB Polygon or MultiPolygon, either byte order
    };
    // Throws core::Error(invalid_input, "invalid-geometry") for WKB it cannot read.
    explicit AreaIndex(const std::vector<Area>& areas, double tolerance = 1e-9);

    enum class Outcome { inside, outside, uncertain };
    struct Found {
        Outcome outcome = Outcome::outside;
        std::string code;  // when inside: the lowest code containing the point
    };
    [[nodiscard]] Found locate(double lon, double lat) const;

    [[nodiscard]] std::size_t areas() const { return m_codes.size(); }
    [[nodiscard]] std::size_t vertices() const { return m_points.size(); }

private:
    struct Ring {
        std::uint32_t first;  // into m_points
        std::uint32_t count;
    };
    struct Part {  // one polygon: its rings (outer and holes)
        std::uint32_t area;
        std::uint32_t first_ring;
        std::uint32_t rings;
        std::array<double, 4> bbox;  // min lon, min lat, max lon, max lat
    };
    enum class Side { in, out, edge };
    [[nodiscard]] Side side(const Part& part, double lon, double lat) const;

    double m_tolerance;
    std::vector<std::string> m_codes;
    std::vector<std::array<double, 2>> m_points;
    std::vector<Ring> m_rings;
    std::vector<Part> m_parts;
    // A uniform grid over the parts' extent: the parts whose box meets each cell.
    std::array<double, 4> m_extent{0, 0, 0, 0};
    double m_cell = 0.1;
    std::size_t m_cols = 0;
    std::size_t m_rows = 0;
    std::vector<std::vector<std::uint32_t>> m_cells;
};

}  // namespace policymap::geo
