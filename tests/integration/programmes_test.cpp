// The jGrants snapshot sequence and the map page.
#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>
#include <set>

using namespace policymap::test;
using nlohmann::json;

TEST_CASE("the six snapshots in date order leave exactly the last one's programmes current", "[integration]") {
    std::ifstream in(data_dir() + "/jgrants/jgrants-2026-08-20.json");
    std::set<std::string> last;
    const auto snapshot = json::parse(in);
    for (const auto& r : snapshot.at("subsidies")) last.insert(r["id"].get<std::string>());
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    std::set<std::string> published;
    for (const auto& r : tx.exec("SELECT source_id FROM programmes WHERE source = 'jgrants' AND status = 'published'")) {
        published.insert(r[0].as<std::string>());
    }
    std::vector<std::string> extra, missing;
    std::set_difference(published.begin(), published.end(), last.begin(), last.end(), std::back_inserter(extra));
    std::set_difference(last.begin(), last.end(), published.begin(), published.end(), std::back_inserter(missing));
    CAPTURE(extra);
    CHECK(extra.empty());
    CHECK(missing.empty());
    CHECK(published.size() == 307);
    CHECK(tx.exec1("SELECT count(*) FROM programmes WHERE source = 'jgrants' AND status = 'closed'")[0].as<int>() == 11);
    CHECK(tx.exec1("SELECT count(*) FROM programmes WHERE source = 'jgrants' AND version > 1 AND status = 'published'")[0].as<int>() == 1);
    // jGrants' 0 ("not stated") is stored as unknown, never as 0 yen.
    CHECK(tx.exec1("SELECT count(*) FROM programmes WHERE max_amount = 0")[0].as<int>() == 0);

    auto reports = json::parse(state_file("programmes.json"));
    REQUIRE(reports.size() == 6);
    int added = 0, changed = 0, closed = 0;
    for (const auto& r : reports) {
        added += r["added"].get<int>();
        changed += r["changed"].get<int>();
        closed += r["closed"].get<int>();
    }
    CHECK(reports[0]["added"] == 300);
    CHECK(added == 318);
    CHECK(changed == 1);
    CHECK(closed == 11);
    CHECK(reports[1]["unchanged"] == 300);  // the second day repeats the first
}

TEST_CASE("every current programme is covered as the gold file says", "[integration]") {
    std::ifstream in(data_dir() + "/jgrants/areas-gold.json");
    auto gold = json::parse(in)["programmes"];
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    int checked = 0;
    for (const auto& r : tx.exec("SELECT p.source_id, array_to_json(array_agg(pa.area_code ORDER BY pa.area_code))::text "
                                 "FROM programmes p JOIN programme_areas pa ON pa.programme_id = p.id "
                                 "WHERE p.source = 'jgrants' GROUP BY p.source_id")) {
        auto id = r[0].as<std::string>();
        auto codes = json::parse(r[1].as<std::string>());
        auto expected = gold.at(id)["areas"];
        std::sort(expected.begin(), expected.end());
        INFO(id);
        CHECK(codes == expected);
        ++checked;
    }
    CHECK(checked == 318);
}

TEST_CASE("the map page and its MapLibre bundle are served from the server", "[integration]") {
    auto page = http_get("/");
    REQUIRE(page.status == 200);
    CHECK(page.headers["content-type"] == "text/html; charset=utf-8");
    CHECK(page.body.find("<html lang=\"ja\"") != std::string::npos);
    auto pos = page.body.find("assets/");
    REQUIRE(pos != std::string::npos);
    auto end = page.body.find('"', pos);
    auto asset = http_get("/" + page.body.substr(pos, end - pos));
    CHECK(asset.status == 200);
    CHECK(asset.headers["cache-control"] == "public, max-age=31536000, immutable");
    CHECK(page.body.find("https://") == std::string::npos);  // nothing from a CDN
    auto post = http_request("POST", "/", "x=1");
    CHECK(post.status == 405);
    CHECK(post.headers["allow"] == "GET, HEAD");
}

TEST_CASE("health is ok", "[integration]") {
    auto r = http_get("/healthz");
    CHECK(r.status == 200);
    CHECK(json::parse(r.body) == json{{"status", "ok"}});
}

TEST_CASE("importing the same snapshot again changes nothing", "[integration]") {
    auto before = [] {
        pqxx::connection conn(db_url());
        pqxx::read_transaction tx(conn);
        return tx.exec1("SELECT count(*) || '/' || sum(version) || '/' || max(updated_at) || '/' || "
                        "(SELECT count(*) FROM programme_areas) FROM programmes")[0]
            .as<std::string>();
    };
    const auto state = before();
    auto r = run_policymap("import programmes '" + data_dir() + "/jgrants/jgrants-2026-08-20.json'");
    REQUIRE(r.status == 0);
    auto report = json::parse(r.out);
    REQUIRE(report.size() == 1);
    CHECK(report[0]["records"] == 307);
    CHECK(report[0]["unchanged"] == 307);
    CHECK(report[0]["added"] == 0);
    CHECK(report[0]["changed"] == 0);
    CHECK(report[0]["closed"] == 0);
    CHECK(before() == state);
}

TEST_CASE("a malformed snapshot is refused whole, naming the file", "[integration]") {
    auto dir = std::filesystem::temp_directory_path() / "pm-bad-snapshot";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "truncated.json") << R"({"_meta": {}, "subsidies": [{"id": "x", "title": "t"}, {"id": )";
    auto r = run_policymap("import programmes '" + (dir / "truncated.json").string() + "' 2>&1");
    CHECK(r.status == 2);
    CHECK(r.out.find("truncated.json: not valid JSON") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("an older snapshot after a newer one is skipped, and an empty one refused", "[integration]") {
    auto state = [] {
        pqxx::connection conn(db_url());
        pqxx::read_transaction tx(conn);
        return tx.exec1("SELECT count(*) FILTER (WHERE status = 'published') || '/' || sum(version) "
                        "FROM programmes WHERE source = 'jgrants'")[0]
            .as<std::string>();
    };
    const auto before = state();
    auto r = run_policymap("import programmes '" + data_dir() + "/jgrants/jgrants-2026-08-12.json'");
    REQUIRE(r.status == 0);
    auto report = json::parse(r.out);
    CHECK(report[0]["skipped"] == "older than the last imported jgrants snapshot (captured 2026-08-20T07:54:52+09:00)");
    CHECK(report[0]["changed"] == 0);
    CHECK(report[0]["closed"] == 0);
    CHECK(state() == before);

    auto dir = std::filesystem::temp_directory_path() / "pm-empty-snapshot";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "empty.json") << R"({"_meta": {"captured_jst": "2099-01-01T00:00:00+09:00"}, "subsidies": []})";
    auto empty = run_policymap("import programmes '" + (dir / "empty.json").string() + "' 2>&1");
    CHECK(empty.status == 2);
    CHECK(empty.out.find("lists no programmes") != std::string::npos);
    CHECK(state() == before);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a programme's detail carries the ETag that If-Match takes and is revalidated on every use", "[integration]") {
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    auto row = tx.exec1("SELECT id, version FROM programmes WHERE source = 'jgrants' AND status = 'published' LIMIT 1");
    const auto id = row[0].as<long long>();
    auto r = http_get("/v1/programmes/" + std::to_string(id));
    REQUIRE(r.status == 200);
    CHECK(r.headers["etag"] == "\"p" + std::to_string(id) + "-v" + row[1].as<std::string>() + "\"");
    CHECK(r.headers["cache-control"] == "no-cache");
}
