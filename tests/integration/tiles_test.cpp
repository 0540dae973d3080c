// Vector tiles decoded by a real client: GDAL's MVT driver.
#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>
#include <pqxx/pqxx>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace policymap::test;

namespace {

struct Decoded {
    std::map<std::string, std::map<std::string, std::string>> features;  // code -> attributes
    std::set<std::string> layers;
};

Decoded decode(const std::string& bytes, int z, int x, int y) {
    static bool registered = [] {
        GDALAllRegister();
        return true;
    }();
    (void)registered;
    auto dir = std::filesystem::temp_directory_path() / ("pm-mvt-" + std::to_string(::getpid())) / std::to_string(z) /
               std::to_string(x);
    std::filesystem::create_directories(dir);
    auto file = dir / (std::to_string(y) + ".pbf");
    std::ofstream(file, std::ios::binary) << bytes;
    const char* drivers[] = {"MVT", nullptr};
    GDALDataset* ds = static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR, drivers, nullptr, nullptr));
    REQUIRE(ds != nullptr);
    Decoded out;
    for (int i = 0; i < ds->GetLayerCount(); ++i) {
        OGRLayer* layer = ds->GetLayer(i);
        out.layers.insert(layer->GetName());
        for (auto& feat : *layer) {
            std::map<std::string, std::string> attrs;
            for (int f = 0; f < feat->GetFieldCount(); ++f) {
                attrs[feat->GetFieldDefnRef(f)->GetNameRef()] = feat->GetFieldAsString(f);
            }
            CHECK(feat->GetGeometryRef() != nullptr);
            out.features[attrs["code"]] = attrs;
        }
    }
    GDALClose(ds);
    std::filesystem::remove_all(dir.parent_path().parent_path());
    return out;
}

int db_count(const std::string& code) {
    // Independent of the tile SQL: current programmes of both sources whose coverage reaches the area.
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    return tx.exec_params1(
                 "SELECT count(DISTINCT p.id) FROM programmes p JOIN programme_areas pa ON pa.programme_id = p.id "
                 "WHERE p.status = 'published' AND pa.area_code IN ('JP', left($1, 2), $1)",
                 code)[0]
        .as<int>();
}

}  // namespace

TEST_CASE("a z12 tile over Tokyo Station holds 千代田区 with its programme count", "[integration]") {
    auto r = http_get("/tiles/municipalities/12/3638/1612.mvt");
    REQUIRE(r.status == 200);
    CHECK(r.headers["content-type"] == "application/vnd.mapbox-vector-tile");
    auto tile = decode(r.body, 12, 3638, 1612);
    CHECK(tile.layers == std::set<std::string>{"municipalities"});
    REQUIRE(tile.features.count("13101") == 1);
    const auto& chiyoda = tile.features["13101"];
    CHECK(chiyoda.at("name") == "千代田区");
    CHECK(chiyoda.at("pref_code") == "13");
    CHECK(chiyoda.at("level") == "municipality");
    CHECK(std::stoi(chiyoda.at("programmes")) == db_count("13101"));
    CHECK(std::stoi(chiyoda.at("programmes")) > 150);
    CHECK(tile.features.count("13102") == 1);  // 中央区 touches the same tile
}

TEST_CASE("a z5 prefecture tile over Kanto holds Tokyo and its neighbours", "[integration]") {
    auto r = http_get("/tiles/prefectures/5/28/12.mvt");
    REQUIRE(r.status == 200);
    auto tile = decode(r.body, 5, 28, 12);
    CHECK(tile.layers == std::set<std::string>{"prefectures"});
    for (const char* code : {"11", "12", "13", "14"}) CHECK(tile.features.count(code) == 1);
    CHECK(tile.features["13"]["name"] == "東京都");
    CHECK(std::stoi(tile.features["13"]["programmes"]) > 150);
}

TEST_CASE("tiles outside Japan are empty: 204", "[integration]") {
    auto r = http_get("/tiles/municipalities/5/0/0.mvt");
    CHECK(r.status == 204);
    CHECK(r.body.empty());
}

TEST_CASE("bad tile addresses: 400 for malformed, 404 for unknown layer or zoom", "[integration]") {
    for (const char* p : {"/tiles/municipalities/a/1/1.mvt", "/tiles/municipalities/2/4/1.mvt",
                          "/tiles/municipalities/2/1/4.mvt", "/tiles/municipalities/23/0/0.mvt",
                          "/tiles/municipalities/-1/0/0.mvt", "/tiles/municipalities/5/28/12.png"}) {
        auto r = http_get(p);
        CHECK(r.status == 400);
        CHECK(r.headers["content-type"] == "application/problem+json");
    }
    auto above = http_get("/tiles/municipalities/20/0/0.mvt");
    CHECK(above.status == 404);
    CHECK(nlohmann::json::parse(above.body)["type"] == "/problems/zoom-out-of-range");
    auto layer = http_get("/tiles/roads/5/28/12.mvt");
    CHECK(layer.status == 404);
    CHECK(nlohmann::json::parse(layer.body)["type"] == "/problems/unknown-layer");
}
