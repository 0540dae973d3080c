#include "geo/area_index.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace policymap::geo {

namespace {

// A cursor over WKB bytes; every read is bounds-checked.
class WkbReader {
public:
    explicit WkbReader(const std::vector<std::uint8_t>& bytes) : m_bytes(bytes) {}

    void byte_order() { m_little = take<std::uint8_t>(false) == 1; }
    std::uint32_t u32() { return take<std::uint32_t>(true); }
    double f64() { return take<double>(true); }

private:
    template <typename T>
    T take(bool swap_allowed) {
        if (m_pos + sizeof(T) > m_bytes.size()) fail("truncated");
        std::array<std::uint8_t, sizeof(T)> raw{};
        std::memcpy(raw.data(), m_bytes.data() + m_pos, sizeof(T));
        m_pos += sizeof(T);
        if (swap_allowed && !m_little) std::reverse(raw.begin(), raw.end());
        T v;
        std::memcpy(&v, raw.data(), sizeof(T));
        return v;
    }
    [[noreturn]] static void fail(const std::string& why) {
        throw core::Error(core::ErrorKind::invalid_input, "invalid-geometry", "unreadable area outline: " + why);
    }

    const std::vector<std::uint8_t>& m_bytes;
    std::size_t m_pos = 0;
    bool m_little = true;
};

double segment_distance2(double px, double py, double ax, double ay, double bx, double by) {
    const double dx = bx - ax, dy = by - ay;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double cx = ax + t * dx - px, cy = ay + t * dy - py;
    return cx * cx + cy * cy;
}

}  // namespace

AreaIndex::AreaIndex(const std::vector<Area>& areas, double tolerance) : m_tolerance(tolerance) {
    for (const auto& area : areas) {
        const auto area_id = static_cast<std::uint32_t>(m_codes.size());
        m_codes.push_back(area.code);
        WkbReader r(area.wkb);
        r.byte_order();
        const std::uint32_t type = r.u32() % 1000;  // ISO Z/M codes add 1000s; outlines are 2-D
        std::uint32_t polygons = 1;
        if (type == 6) {
            polygons = r.u32();
        } else if (type != 3) {
            throw core::Error(core::ErrorKind::invalid_input, "invalid-geometry",
                              "area " + area.code + " is not a polygon or multipolygon");
        }
        for (std::uint32_t p = 0; p < polygons; ++p) {
            if (type == 6) {
                r.byte_order();
                if (r.u32() % 1000 != 3) {
                    throw core::Error(core::ErrorKind::invalid_input, "invalid-geometry",
                                      "area " + area.code + " holds a part that is not a polygon");
                }
            }
            Part part{area_id, static_cast<std::uint32_t>(m_rings.size()), r.u32(),
                      {INFINITY, INFINITY, -INFINITY, -INFINITY}};
            for (std::uint32_t k = 0; k < part.rings; ++k) {
                const std::uint32_t n = r.u32();
                Ring ring{static_cast<std::uint32_t>(m_points.size()), n};
                for (std::uint32_t i = 0; i < n; ++i) {
                    const double x = r.f64();
                    const double y = r.f64();
                    m_points.push_back({x, y});
                    part.bbox = {std::min(part.bbox[0], x), std::min(part.bbox[1], y), std::max(part.bbox[2], x),
                                 std::max(part.bbox[3], y)};
                }
                m_rings.push_back(ring);
            }
            if (part.rings > 0) m_parts.push_back(part);
        }
    }
    if (m_parts.empty()) return;
    m_extent = m_parts[0].bbox;
    for (const auto& p : m_parts) {
        m_extent = {std::min(m_extent[0], p.bbox[0]), std::min(m_extent[1], p.bbox[1]),
                    std::max(m_extent[2], p.bbox[2]), std::max(m_extent[3], p.bbox[3])};
    }
    m_cols = static_cast<std::size_t>(std::ceil((m_extent[2] - m_extent[0]) / m_cell)) + 1;
    m_rows = static_cast<std::size_t>(std::ceil((m_extent[3] - m_extent[1]) / m_cell)) + 1;
    m_cells.resize(m_cols * m_rows);
    for (std::uint32_t i = 0; i < m_parts.size(); ++i) {
        const auto& b = m_parts[i].bbox;
        const auto cell = [this](double offset) { return static_cast<std::size_t>(std::max(0.0, offset / m_cell)); };
        const auto c0 = cell(b[0] - m_tolerance - m_extent[0]);
        const auto c1 = cell(b[2] + m_tolerance - m_extent[0]);
        const auto r0 = cell(b[1] - m_tolerance - m_extent[1]);
        const auto r1 = cell(b[3] + m_tolerance - m_extent[1]);
        for (std::size_t row = r0; row <= std::min(r1, m_rows - 1); ++row) {
            for (std::size_t col = c0; col <= std::min(c1, m_cols - 1); ++col) m_cells[row * m_cols + col].push_back(i);
        }
    }
}

AreaIndex::Side AreaIndex::side(const Part& part, double x, double y) const {
    const double tol2 = m_tolerance * m_tolerance;
    bool inside = false;
    for (std::uint32_t k = 0; k < part.rings; ++k) {
        const auto& ring = m_rings[part.first_ring + k];
        for (std::uint32_t i = 0, j = ring.count - 1; i < ring.count; j = i++) {
            const auto& a = m_points[ring.first + i];
            const auto& b = m_points[ring.first + j];
            // Near the edge: the database decides.
            if (y >= std::min(a[1], b[1]) - m_tolerance && y <= std::max(a[1], b[1]) + m_tolerance &&
                x >= std::min(a[0], b[0]) - m_tolerance && x <= std::max(a[0], b[0]) + m_tolerance &&
                segment_distance2(x, y, a[0], a[1], b[0], b[1]) <= tol2) {
                return Side::edge;
            }
            if ((a[1] > y) != (b[1] > y)) {
                const double cross_x = a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
                if (x < cross_x) inside = !inside;
            }
        }
    }
    return inside ? Side::in : Side::out;
}

AreaIndex::Found AreaIndex::locate(double lon, double lat) const {
    Found found;
    if (m_cells.empty() || !std::isfinite(lon) || !std::isfinite(lat)) return found;
    if (lon < m_extent[0] - m_tolerance || lon > m_extent[2] + m_tolerance || lat < m_extent[1] - m_tolerance ||
        lat > m_extent[3] + m_tolerance) {
        return found;
    }
    const auto col = std::min(static_cast<std::size_t>(std::max(0.0, (lon - m_extent[0]) / m_cell)), m_cols - 1);
    const auto row = std::min(static_cast<std::size_t>(std::max(0.0, (lat - m_extent[1]) / m_cell)), m_rows - 1);
    for (const auto i : m_cells[row * m_cols + col]) {
        const auto& part = m_parts[i];
        if (lon < part.bbox[0] - m_tolerance || lon > part.bbox[2] + m_tolerance || lat < part.bbox[1] - m_tolerance ||
            lat > part.bbox[3] + m_tolerance) {
            continue;
        }
        switch (side(part, lon, lat)) {
            case Side::edge:
                return Found{Outcome::uncertain, {}};
            case Side::in:
                if (found.outcome != Outcome::inside || m_codes[part.area] < found.code) {
                    found = Found{Outcome::inside, m_codes[part.area]};
                }
                break;
            case Side::out:
                break;
        }
    }
    return found;
}

}  // namespace policymap::geo
