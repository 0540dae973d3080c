// The server places points with municipal outlines held in memory; it must
// answer exactly as PostGIS does (ST_Intersects, the lower code where areas
// touch), on vertices and edges too, where it defers to the database.
#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

using namespace policymap::test;

namespace {

bool outlines_loaded() {
    std::ifstream in(state_file_path("server.log"));
    std::stringstream s;
    s << in.rdbuf();
    return s.str().find("point lookups: ") != std::string::npos;
}

}  // namespace

TEST_CASE("point lookups from memory answer as PostGIS does, inside, outside and on edges", "[integration]") {
    REQUIRE(http_get("/v1/lookup?lat=35.6812&lon=139.7671").status == 200);  // starts the loading
    for (int i = 0; i < 300 && !outlines_loaded(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(outlines_loaded());

    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    // A point inside every municipality and ward, points on outline vertices
    // (shared with the neighbour), points on edge midpoints, and random points
    // over Japan's box (land and sea), each with what PostGIS says is there.
    const auto rows = tx.exec(R"SQL(
        WITH pts AS (
            SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM areas WHERE level IN ('municipality', 'ward')
            UNION ALL
            SELECT ST_X(p), ST_Y(p) FROM (
                SELECT ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 5) AS p FROM areas
                WHERE level IN ('municipality', 'ward') AND code LIKE '13%') v WHERE p IS NOT NULL
            UNION ALL
            SELECT ST_X(m), ST_Y(m) FROM (
                SELECT ST_LineInterpolatePoint(ST_MakeLine(ST_PointN(r, 3), ST_PointN(r, 4)), 0.5) AS m
                FROM (SELECT ST_ExteriorRing(ST_GeometryN(geom, 1)) AS r FROM areas
                      WHERE level IN ('municipality', 'ward') AND code LIKE '14%') e) mid WHERE m IS NOT NULL
            UNION ALL
            SELECT 128 + 18 * (i * 0.6180339887 - floor(i * 0.6180339887)),
                   26 + 19 * (i * 0.7548776662 - floor(i * 0.7548776662))
            FROM generate_series(1, 600) i
        )
        SELECT pts.lon, pts.lat,
               (SELECT a.code FROM areas a WHERE a.level IN ('municipality', 'ward')
                  AND ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint(pts.lon, pts.lat), 4326))
                ORDER BY a.code LIMIT 1) AS code
        FROM pts)SQL");
    REQUIRE(rows.size() > 2500);
    int inside = 0;
    int outside = 0;
    int mismatches = 0;
    for (const auto& row : rows) {
        char url[128];
        std::snprintf(url, sizeof url, "/v1/lookup?lat=%.17g&lon=%.17g", row[1].as<double>(), row[0].as<double>());
        const auto r = http_get(url);
        const std::string expected = row[2].is_null() ? "" : row[2].as<std::string>();
        std::string got;
        if (r.status == 200) {
            got = nlohmann::json::parse(r.body)["municipality"]["code"].get<std::string>();
        } else if (r.status != 404) {
            got = "HTTP " + std::to_string(r.status);
        }
        if (got != expected && ++mismatches <= 10) {
            UNSCOPED_INFO(url << ": PostGIS " << (expected.empty() ? "nothing" : expected) << ", server "
                              << (got.empty() ? "nothing" : got));
        }
        (expected.empty() ? outside : inside) += 1;
    }
    CHECK(mismatches == 0);
    CHECK(inside > 2000);
    CHECK(outside > 100);
}
