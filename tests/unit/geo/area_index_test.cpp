#include "geo/area_index.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

#include <cstring>

using namespace policymap;
using geo::AreaIndex;

namespace {

using Ring = std::vector<std::pair<double, double>>;

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_f64(std::vector<std::uint8_t>& out, double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
}
void put_polygon(std::vector<std::uint8_t>& out, const std::vector<Ring>& rings) {
    out.push_back(1);
    put_u32(out, 3);
    put_u32(out, static_cast<std::uint32_t>(rings.size()));
    for (const auto& ring : rings) {
        put_u32(out, static_cast<std::uint32_t>(ring.size()));
        for (const auto& [x, y] : ring) {
            put_f64(out, x);
            put_f64(out, y);
        }
    }
}
// Little-endian WKB MultiPolygon, as ST_AsBinary(geom, 'NDR') sends it.
std::vector<std::uint8_t> multipolygon(const std::vector<std::vector<Ring>>& polygons) {
    std::vector<std::uint8_t> out{1};
    put_u32(out, 6);
    put_u32(out, static_cast<std::uint32_t>(polygons.size()));
    for (const auto& p : polygons) put_polygon(out, p);
    return out;
}
Ring square(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}; }

}  // namespace

TEST_CASE("the area index places points as the database would", "[geo]") {
    // 13102 and 13101 share the edge x = 139.75; 13103 has a hole with an island of 13104 in it.
    const AreaIndex index({{"13102", multipolygon({{square(139.75, 35.6, 139.8, 35.7)}})},
                           {"13101", multipolygon({{square(139.7, 35.6, 139.75, 35.7)}})},
                           {"13103", multipolygon({{square(139.8, 35.6, 139.9, 35.7), square(139.84, 35.64, 139.86, 35.66)},
                                                   {square(139.95, 35.6, 139.96, 35.61)}})},
                           {"13104", multipolygon({{square(139.841, 35.641, 139.859, 35.659)}})}});
    CHECK(index.areas() == 4);

    auto at = [&](double lon, double lat) { return index.locate(lon, lat); };
    CHECK(at(139.72, 35.65).outcome == AreaIndex::Outcome::inside);
    CHECK(at(139.72, 35.65).code == "13101");
    CHECK(at(139.77, 35.65).code == "13102");
    CHECK(at(139.82, 35.65).code == "13103");
    CHECK(at(139.955, 35.605).code == "13103");  // its second part
    CHECK(at(139.85, 35.65).code == "13104");    // inside the hole: the island, not 13103
    CHECK(at(139.8405, 35.6405).outcome == AreaIndex::Outcome::outside);  // in the hole, off the island
    CHECK(at(139.0, 35.65).outcome == AreaIndex::Outcome::outside);
    CHECK(at(139.92, 35.65).outcome == AreaIndex::Outcome::outside);
    // On the shared edge the database's rule (lower code) could apply or
    // floating point could differ: the caller asks the database.
    CHECK(at(139.75, 35.65).outcome == AreaIndex::Outcome::uncertain);
    CHECK(at(139.7, 35.6).outcome == AreaIndex::Outcome::uncertain);
}

TEST_CASE("the area index refuses outlines it cannot read", "[geo]") {
    auto wkb = multipolygon({{square(0, 0, 1, 1)}});
    wkb.resize(wkb.size() - 3);
    CHECK_THROWS_AS(AreaIndex({{"1", wkb}}), core::Error);
    std::vector<std::uint8_t> point{1, 1, 0, 0, 0};
    for (int i = 0; i < 16; ++i) point.push_back(0);
    CHECK_THROWS_AS(AreaIndex({{"1", point}}), core::Error);
    const AreaIndex empty({});
    CHECK(empty.locate(139.7, 35.6).outcome == AreaIndex::Outcome::outside);
}
