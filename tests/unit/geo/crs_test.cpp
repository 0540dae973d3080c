#include "geo/crs.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

using namespace policymap;

TEST_CASE("CRS names in every form clients send", "[geo]") {
    CHECK(geo::parse_crs("EPSG:6677") == 6677);
    CHECK(geo::parse_crs("epsg:6668") == 6668);
    CHECK(geo::parse_crs("3857") == 3857);
    CHECK(geo::parse_crs("http://www.opengis.net/def/crs/EPSG/0/6669") == 6669);
    CHECK(geo::parse_crs("urn:ogc:def:crs:EPSG::6687") == 6687);
    CHECK(geo::parse_crs("http://www.opengis.net/def/crs/OGC/1.3/CRS84") == 4326);
    CHECK(geo::parse_crs("CRS84") == 4326);
    CHECK(geo::parse_crs("EPSG:4326") == 4326);
    CHECK_FALSE(geo::parse_crs("EPSG:6688"));  // past zone XIX
    CHECK_FALSE(geo::parse_crs("EPSG:2451"));  // the old Tokyo-datum zone IX
    CHECK_FALSE(geo::parse_crs("EPSG:"));
    CHECK_FALSE(geo::parse_crs("EPSG:6677x"));
    CHECK_FALSE(geo::parse_crs(""));
    CHECK(geo::crs_uri(4326) == "http://www.opengis.net/def/crs/OGC/1.3/CRS84");
    CHECK(geo::crs_uri(6668) == "http://www.opengis.net/def/crs/EPSG/0/6668");
}

TEST_CASE("Tokyo Station from plane rectangular IX and Web Mercator to WGS84 with PROJ", "[geo]") {
    // EPSG:6677 has its origin at 36°N 139°50'E; Tokyo Station lies 6.0 km west and 35.4 km south of it.
    auto p = geo::to_wgs84(6677, -5995.19, -35367.23);
    CHECK(p[0] == Approx(139.7671).margin(1e-6));
    CHECK(p[1] == Approx(35.6812).margin(1e-6));
    auto m = geo::to_wgs84(3857, 15558802.40, 4256843.19);
    CHECK(m[0] == Approx(139.7671).margin(1e-6));
    CHECK(m[1] == Approx(35.6812).margin(1e-6));
    auto origin = geo::to_wgs84(6677, 0, 0);
    CHECK(origin[0] == Approx(139.0 + 50.0 / 60).margin(1e-9));
    CHECK(origin[1] == Approx(36.0).margin(1e-9));
}

TEST_CASE("a box in Web Mercator becomes the WGS84 box around it", "[geo]") {
    auto b = geo::bbox_to_wgs84(3857, {15555785.64, 4253938.19, 15561351.62, 4259419.97});
    CHECK(b[0] == Approx(139.74).margin(1e-6));
    CHECK(b[1] == Approx(35.66).margin(1e-6));
    CHECK(b[2] == Approx(139.79).margin(1e-6));
    CHECK(b[3] == Approx(35.70).margin(1e-6));
    auto same = geo::bbox_to_wgs84(4326, {139.7, 35.6, 139.8, 35.7});
    CHECK(same[0] == 139.7);
}

TEST_CASE("points outside a CRS's extent are refused before PROJ, naming the axis", "[geo]") {
    // 1e300 m east in Web Mercator kept a thread in PROJ's inverse for good.
    auto field_of = [](int epsg, double x, double y) {
        try {
            (void)geo::to_wgs84(epsg, x, y, "easting", "northing");
        } catch (const core::Error& e) {
            CHECK(e.kind() == core::ErrorKind::invalid_input);
            CHECK(e.code() == "invalid-coordinates");
            return e.fields().at(0).field;
        }
        return std::string("accepted");
    };
    CHECK(field_of(3857, 1e300, 0) == "easting");
    CHECK(field_of(3857, 15558802.40, -1e17) == "northing");
    // One world-width east of Tokyo: not a second Tokyo.
    CHECK(field_of(3857, 55634216.7, 4257900) == "easting");
    CHECK(field_of(3857, 20037509, 4257900) == "easting");
    CHECK(field_of(6677, 6e6, 0) == "easting");
    // Each axis within ±2,500 km, the point 2,828 km from the origin.
    CHECK(field_of(6677, 2e6, 2e6) == "easting");
    CHECK(geo::outside_extent(6677, 2e6, 2e6).has_value());
    CHECK_FALSE(geo::outside_extent(6677, 1.7e6, 1.7e6).has_value());
    CHECK(field_of(3857, 15558802.40, 4256843.19) == "accepted");
    CHECK(field_of(6677, -5995.19, -35367.23) == "accepted");
    CHECK(geo::outside_extent(3857, 20037508.34, -20037508.34) == std::nullopt);
    CHECK(geo::outside_extent(6668, 181, 35).has_value());
    CHECK_THROWS_AS(geo::bbox_to_wgs84(3857, {0, 0, 1e30, 1e30}), core::Error);
}
