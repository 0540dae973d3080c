// GET /v1/lookup on the real data: programmes of both sources (jGrants, Mirasapo).
#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace policymap::test;
using nlohmann::json;

TEST_CASE("Tokyo Station is in 千代田区, Tokyo, with national and Tokyo programmes", "[integration]") {
    auto r = http_get("/v1/lookup?lat=35.6812&lon=139.7671");
    REQUIRE(r.status == 200);
    CHECK(r.headers["content-type"] == "application/json; charset=utf-8");
    auto body = json::parse(r.body);
    CHECK(body["municipality"] == json{{"code", "13101"}, {"name", "千代田区"}, {"level", "municipality"}});
    CHECK(body["designated_city"].is_null());
    CHECK(body["prefecture"] == json{{"code", "13"}, {"name", "東京都"}});
    std::set<std::string> got;
    std::set<std::string> scopes;
    std::set<std::string> sources;
    for (const auto& p : body["programmes"]) {
        if (p["source"] != "jgrants" && p["source"] != "mirasapo") continue;  // agency programmes made by other tests
        got.insert(p["source"].get<std::string>() + ":" + p["source_id"].get<std::string>());
        scopes.insert(p["scope"].get<std::string>());
        sources.insert(p["source"].get<std::string>());
        CHECK(p["id"].is_number_integer());
        CHECK(!p["title"].get<std::string>().empty());
    }
    const auto expected = expected_programmes({"JP", "13", "13101"});
    INFO(set_difference_text(got, expected));
    CHECK(got == expected);
    CHECK(scopes == std::set<std::string>{"national", "prefecture"});
    CHECK(sources == std::set<std::string>{"jgrants", "mirasapo"});
}

TEST_CASE("a point in 横浜市中区 is ward 14104 of designated city 14100", "[integration]") {
    auto r = http_get("/v1/lookup?lat=35.4437&lon=139.6380");
    REQUIRE(r.status == 200);
    auto body = json::parse(r.body);
    CHECK(body["municipality"] == json{{"code", "14104"}, {"name", "中区"}, {"level", "ward"}});
    CHECK(body["designated_city"] == json{{"code", "14100"}, {"name", "横浜市"}, {"level", "designated_city"}});
    CHECK(body["prefecture"]["code"] == "14");
    std::set<std::string> got;
    for (const auto& p : body["programmes"]) {
        if (p["source"] != "jgrants" && p["source"] != "mirasapo") continue;  // agency programmes made by other tests
        got.insert(p["source"].get<std::string>() + ":" + p["source_id"].get<std::string>());
    }
    const auto expected = expected_programmes({"JP", "14", "14100", "14104"});
    INFO(set_difference_text(got, expected));
    CHECK(got == expected);
}

TEST_CASE("a municipal programme shows at its municipality with scope municipality", "[integration]") {
    // 久留米市 (40203): its own programmes, Fukuoka's, and the national ones.
    auto r = http_get("/v1/lookup?lat=33.3193&lon=130.5081");
    REQUIRE(r.status == 200);
    auto body = json::parse(r.body);
    REQUIRE(body["municipality"]["code"] == "40203");
    std::set<std::string> got;
    int municipal = 0;
    for (const auto& p : body["programmes"]) {
        if (p["source"] != "jgrants" && p["source"] != "mirasapo") continue;  // agency programmes made by other tests
        got.insert(p["source"].get<std::string>() + ":" + p["source_id"].get<std::string>());
        if (p["scope"] == "municipality") ++municipal;
    }
    const auto expected = expected_programmes({"JP", "40", "40203"});
    INFO(set_difference_text(got, expected));
    CHECK(got == expected);
    CHECK(municipal >= 1);
}

TEST_CASE("bad lookups get problem+json: missing or non-numeric 400, outside Japan 404", "[integration]") {
    for (const char* q : {"", "?lat=35.6", "?lat=abc&lon=139", "?lat=35.6&lon=139e", "?lat=91&lon=139", "?lat=0x10&lon=139"}) {
        auto r = http_get(std::string("/v1/lookup") + q);
        CHECK(r.status == 400);
        CHECK(r.headers["content-type"] == "application/problem+json");
        auto body = json::parse(r.body);
        CHECK(body["status"] == 400);
        CHECK(!body["errors"].empty());
    }
    auto sea = http_get("/v1/lookup?lat=30.0&lon=150.0");
    CHECK(sea.status == 404);
    CHECK(json::parse(sea.body)["type"] == "/problems/outside-japan");
    auto paris = http_get("/v1/lookup?lat=48.8566&lon=2.3522");
    CHECK(paris.status == 404);
}

TEST_CASE("a point sent in JGD2011 plane rectangular IX or Web Mercator resolves to the same area as in WGS84",
          "[integration][ogc]") {
    auto wgs = nlohmann::json::parse(http_get("/v1/lookup?lat=35.6812&lon=139.7671").body);
    REQUIRE(wgs["municipality"]["code"] == "13101");
    // Tokyo Station in EPSG:6677 (PROJ: easting -5995.19 m, northing -35367.23 m).
    auto plane = http_get("/v1/lookup?crs=EPSG:6677&easting=-5995.19&northing=-35367.23");
    REQUIRE(plane.status == 200);
    auto p = nlohmann::json::parse(plane.body);
    CHECK(p["municipality"] == wgs["municipality"]);
    CHECK(p["programmes"] == wgs["programmes"]);
    auto merc = nlohmann::json::parse(
        http_get("/v1/lookup?crs=http://www.opengis.net/def/crs/EPSG/0/3857&easting=15558802.4&northing=4256843.19").body);
    CHECK(merc["municipality"]["code"] == "13101");
    auto jgd = nlohmann::json::parse(http_get("/v1/lookup?crs=EPSG:6668&lat=35.6812&lon=139.7671").body);
    CHECK(jgd["municipality"]["code"] == "13101");

    // The same numbers read in zone I (Nagasaki) are in Kyushu's waters, not in Tokyo.
    auto other = http_get("/v1/lookup?crs=EPSG:6669&easting=-5995.19&northing=-35367.23");
    if (other.status == 200) CHECK(nlohmann::json::parse(other.body)["municipality"]["code"] != "13101");
    auto unsupported = http_get("/v1/lookup?crs=EPSG:2451&easting=1&northing=2");
    CHECK(unsupported.status == 400);
    CHECK(nlohmann::json::parse(unsupported.body)["errors"][0]["field"] == "crs");
    auto mixed = http_get("/v1/lookup?crs=EPSG:6677&lat=35.6812&lon=139.7671");
    CHECK(mixed.status == 400);
}
