// The imported boundaries: counts and facts of the N03 data.
#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <filesystem>
#include <fstream>
#include <map>

using namespace policymap::test;

TEST_CASE("the s0010 files give 1,902 coded areas, 20 designated cities and 47 prefectures", "[integration]") {
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    std::map<std::string, int> n;
    for (const auto& r : tx.exec("SELECT level, count(*) FROM areas GROUP BY level")) n[r[0].as<std::string>()] = r[1].as<int>();
    CHECK(n["municipality"] + n["ward"] == 1902);
    CHECK(n["ward"] == 175);
    CHECK(n["designated_city"] == 20);
    CHECK(n["prefecture"] == 47);
    auto yokohama = tx.exec("SELECT name, level, parent_code FROM areas WHERE code = '14100'");
    REQUIRE(yokohama.size() == 1);
    CHECK(yokohama[0][0].as<std::string>() == "横浜市");
    CHECK(yokohama[0][2].as<std::string>() == "14");
    CHECK(tx.exec1("SELECT parent_code FROM areas WHERE code = '14104'")[0].as<std::string>() == "14100");
    // All twenty designated cities carry the codes MLIT gives them.
    auto cities = tx.exec("SELECT string_agg(code, ',' ORDER BY code) FROM areas WHERE level = 'designated_city'");
    CHECK(cities[0][0].as<std::string>() ==
          "01100,04100,11100,12100,14100,14130,14150,15100,22100,22130,23100,26100,27100,27140,28100,33100,34100,40100,40130,43100");
    // Every geometry is valid and none is empty.
    CHECK(tx.exec1("SELECT count(*) FROM areas WHERE NOT ST_IsValid(geom) OR ST_IsEmpty(geom)")[0].as<int>() == 0);
}

TEST_CASE("the boundary import reported the undetermined areas it skipped", "[integration]") {
    auto report = nlohmann::json::parse(state_file("boundaries.json"));
    CHECK(report["undetermined"] == 4);
    CHECK(report["prefectures"].size() == 47);
    CHECK(report["areas_in_database"]["prefecture"] == 47);
}

TEST_CASE("boundary features outside the JIS prefecture codes are refused and nothing changes", "[integration]") {
    auto dir = std::filesystem::temp_directory_path() / "pm-bad-n03";
    std::filesystem::create_directories(dir);
    const std::string square = R"("geometry":{"type":"Polygon","coordinates":[[[139.7,35.6],[139.8,35.6],[139.8,35.7],[139.7,35.6]]]})";
    std::ofstream(dir / "bad.json") << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)"
                                    << R"({"N03_001":"東京都","N03_002":null,"N03_003":null,"N03_004":"テスト","N03_007":"99999"},)"
                                    << square << "}]}";
    std::ofstream(dir / "prefs.json") << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)"
                                      << R"({"N03_001":"東京府"},)" << square << "}]}";
    auto count = [] {
        pqxx::connection conn(db_url());
        pqxx::read_transaction tx(conn);
        return tx.exec1("SELECT count(*) FROM areas")[0].as<int>();
    };
    const int before = count();
    for (const char* file : {"bad.json", "prefs.json"}) {
        auto r = run_policymap("import boundaries '" + (dir / file).string() + "' 2>&1");
        CHECK(r.status == 2);
        CHECK(r.out.find("not a JIS X 0401 prefecture") != std::string::npos);
    }
    CHECK(count() == before);
    std::filesystem::remove_all(dir);
}
