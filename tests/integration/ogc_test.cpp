// OGC API - Features under /ogc, read by a real client (GDAL's OAPIF driver
// through ogrinfo) and checked against the database and facts of the data.
#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <cstdio>
#include <regex>
#include <set>
#include <sys/wait.h>

using namespace policymap::test;
using nlohmann::json;

namespace {

std::string run(const std::string& cmd) {
    std::string out;
    FILE* p = popen((cmd + " 2>&1").c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    std::size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    const int status = pclose(p);
    INFO(cmd << "\n" << out.substr(0, 4000));
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    return out;
}

std::int64_t db_count(const std::string& sql) {
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    return tx.exec1(sql)[0].as<std::int64_t>();
}

// The values of `field` in ogrinfo's feature dump ("  code (String) = 13101").
std::set<std::string> values(const std::string& ogrinfo_output, const std::string& field) {
    std::set<std::string> out;
    const std::regex line("\\n  " + field + " \\([A-Za-z0-9]+\\) = ([^\\n]*)");
    for (std::sregex_iterator it(ogrinfo_output.begin(), ogrinfo_output.end(), line), end; it != end; ++it) {
        out.insert((*it)[1].str());
    }
    return out;
}

int feature_count(const std::string& ogrinfo_output) {
    std::smatch m;
    static const std::regex count("Feature Count: ([0-9]+)");
    REQUIRE(std::regex_search(ogrinfo_output, m, count));
    return std::stoi(m[1]);
}

std::string oapif() { return "OAPIF:" + base_url() + "/ogc"; }

}  // namespace

TEST_CASE("ogrinfo lists the three collections of the OGC API", "[integration][ogc]") {
    auto out = run("ogrinfo -ro -q '" + oapif() + "'");
    CHECK(out.find("prefectures") != std::string::npos);
    CHECK(out.find("municipalities") != std::string::npos);
    CHECK(out.find("programmes") != std::string::npos);
}

TEST_CASE("GDAL reads all 47 prefectures and every municipality and ward", "[integration][ogc]") {
    auto prefs = run("ogrinfo -ro -so '" + oapif() + "' prefectures");
    CHECK(feature_count(prefs) == 47);
    auto all = run("ogrinfo -ro -q '" + oapif() + "' prefectures");
    auto codes = values(all, "code");
    CHECK(codes.size() == 47);
    CHECK(codes.count("13") == 1);
    CHECK(values(all, "name").count("北海道") == 1);

    const auto expected = db_count("SELECT count(*) FROM areas WHERE level IN ('municipality', 'ward')");
    CHECK(expected == 1902);
    auto munis = run("ogrinfo -ro -so '" + oapif() + "' municipalities");
    CHECK(feature_count(munis) == expected);
}

TEST_CASE("GDAL reads the programmes with the count the database gives", "[integration][ogc]") {
    const auto published = db_count(
        "SELECT count(*) FROM programmes WHERE programme_published_at(status, publish_start, publish_end, now())");
    REQUIRE(published > 1000);
    auto info = run("ogrinfo -ro -so '" + oapif() + "' programmes");
    CHECK(feature_count(info) == published);
}

TEST_CASE("GDAL takes the field types from the collection's schema: amounts beyond 32 bits survive", "[integration][ogc]") {
    auto schema = http_get("/ogc/collections/programmes/schema");
    REQUIRE(schema.status == 200);
    CHECK(schema.headers["content-type"] == "application/schema+json");
    const auto props = json::parse(schema.body)["properties"]["properties"]["properties"];
    CHECK(props["max_amount"]["type"] == "number");
    CHECK(props["acceptance_end"]["format"] == "date-time");
    auto info = run("ogrinfo -ro -so '" + oapif() + "' programmes");
    CHECK(info.find("max_amount: Real") != std::string::npos);
    CHECK(info.find("acceptance_end: DateTime") != std::string::npos);
    CHECK(info.find("purposes: StringList") != std::string::npos);
    auto munis = run("ogrinfo -ro -so '" + oapif() + "' municipalities");
    CHECK(munis.find("county: String") != std::string::npos);

    // Every amount above 2^31 - 1 reads back whole, as many as the database holds.
    const auto large = db_count(
        "SELECT count(*) FROM programmes WHERE programme_published_at(status, publish_start, publish_end, now()) "
        "AND max_amount > 2147483647");
    REQUIRE(large > 0);
    auto out = run("ogrinfo -ro -q '" + oapif() + "' programmes -where 'max_amount > 2147483647'");
    const std::regex amount("\\n  max_amount \\(Real\\) = ([0-9]+)");
    std::int64_t read = 0;
    for (std::sregex_iterator it(out.begin(), out.end(), amount), end; it != end; ++it) {
        CHECK(std::stoll((*it)[1].str()) > 2147483647LL);
        ++read;
    }
    CHECK(read == large);
}

TEST_CASE("a bbox around Tokyo Station returns the Tokyo municipalities and not Yokohama's", "[integration][ogc]") {
    // -spat makes GDAL send bbox= to the server.
    auto out = run("ogrinfo -ro -q '" + oapif() + "' municipalities -spat 139.74 35.66 139.79 35.70");
    auto codes = values(out, "code");
    CHECK(codes.count("13101") == 1);  // 千代田区
    CHECK(codes.count("13102") == 1);  // 中央区
    CHECK(codes.count("14104") == 0);  // 横浜市中区
    for (const auto& c : codes) CHECK(c.rfind("13", 0) == 0);

    auto r = http_get("/ogc/collections/municipalities/items?bbox=139.74,35.66,139.79,35.70&limit=100");
    REQUIRE(r.status == 200);
    CHECK(r.headers["content-type"] == "application/geo+json");
    auto j = json::parse(r.body);
    std::set<std::string> ids;
    for (const auto& f : j["features"]) ids.insert(f["id"].get<std::string>());
    CHECK(ids == codes);
    CHECK(j["numberMatched"] == j["numberReturned"]);
}

TEST_CASE("a bbox without area (a point) finds the area around it", "[integration][ogc]") {
    for (const std::string& collection : {std::string("municipalities"), std::string("prefectures")}) {
        auto r = http_get("/ogc/collections/" + collection + "/items?bbox=139.7671,35.6812,139.7671,35.6812");
        REQUIRE(r.status == 200);
        auto page = json::parse(r.body);
        INFO(collection);
        REQUIRE(page["numberMatched"] == 1);
        CHECK(page["features"][0]["id"] == (collection == "municipalities" ? "13101" : "13"));
    }
    // A box of ±1,500 km around the origin of zone IX holds most of Japan (a transformed box
    // far outside the zone used to cover nothing).
    auto wide = http_get("/ogc/collections/municipalities/items?bbox=-1500000,-1500000,1500000,1500000&bbox-crs=EPSG:6677");
    REQUIRE(wide.status == 200);
    CHECK(json::parse(wide.body)["numberMatched"].get<int>() > 1500);
}

TEST_CASE("bbox-crs takes JGD2011 in its latitude-first order and Web Mercator", "[integration][ogc]") {
    auto crs84 = json::parse(http_get("/ogc/collections/municipalities/items?bbox=139.74,35.66,139.79,35.70&limit=100").body);
    auto jgd = http_get("/ogc/collections/municipalities/items?bbox=35.66,139.74,35.70,139.79&limit=100"
                        "&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/6668");
    REQUIRE(jgd.status == 200);
    CHECK(json::parse(jgd.body)["numberMatched"] == crs84["numberMatched"]);
    // 139.74..139.79 E, 35.66..35.70 N in EPSG:3857 metres.
    auto merc = http_get("/ogc/collections/municipalities/items?limit=100&bbox-crs=EPSG:3857"
                         "&bbox=15555785.64,4253938.19,15561351.62,4259419.97");
    REQUIRE(merc.status == 200);
    CHECK(json::parse(merc.body)["numberMatched"] == crs84["numberMatched"]);
}

TEST_CASE("items page with limit and next links, and numberMatched stays the total", "[integration][ogc]") {
    auto first = http_get("/ogc/collections/prefectures/items?limit=20");
    REQUIRE(first.status == 200);
    auto j = json::parse(first.body);
    CHECK(j["numberMatched"] == 47);
    CHECK(j["numberReturned"] == 20);
    std::string next;
    for (const auto& l : j["links"]) {
        if (l["rel"] == "next") next = l["href"];
    }
    REQUIRE(!next.empty());
    CHECK(next.find("offset=20") != std::string::npos);
    auto second = json::parse(http_get(next).body);
    CHECK(second["features"][0]["id"] == "21");
    auto last = json::parse(http_get("/ogc/collections/prefectures/items?limit=20&offset=40").body);
    CHECK(last["numberReturned"] == 7);
    for (const auto& l : last["links"]) CHECK(l["rel"] != "next");
    // A page past the end, or a bbox at sea, holds no feature but still the total.
    auto past = json::parse(http_get("/ogc/collections/prefectures/items?offset=60").body);
    CHECK(past["numberMatched"] == 47);
    CHECK(past["features"].empty());
    auto sea = json::parse(http_get("/ogc/collections/municipalities/items?bbox=141.5,28.0,141.6,28.1").body);
    CHECK(sea["numberMatched"] == 0);
    CHECK(sea["features"].empty());
    // Above the maximum the maximum applies.
    auto big = json::parse(http_get("/ogc/collections/municipalities/items?limit=5000").body);
    CHECK(big["numberReturned"] == 1000);
}

TEST_CASE("single items, property filters and output CRS", "[integration][ogc]") {
    auto chiyoda = http_get("/ogc/collections/municipalities/items/13101");
    REQUIRE(chiyoda.status == 200);
    auto f = json::parse(chiyoda.body);
    CHECK(f["properties"]["name"] == "千代田区");
    CHECK(f["properties"]["programmes"].get<int>() ==
          db_count("SELECT programmes FROM area_stats WHERE area_code = '13101'"));
    CHECK(f["geometry"]["type"] == "MultiPolygon");
    CHECK(chiyoda.headers["content-crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>");

    auto wards = json::parse(http_get("/ogc/collections/municipalities/items?pref_code=14&level=ward&limit=100").body);
    CHECK(wards["numberMatched"] == db_count("SELECT count(*) FROM areas WHERE pref_code = '14' AND level = 'ward'"));

    // JGD2011 output: latitude first.
    auto jgd = http_get("/ogc/collections/prefectures/items/13?crs=http://www.opengis.net/def/crs/EPSG/0/6668");
    REQUIRE(jgd.status == 200);
    CHECK(jgd.headers["content-crs"] == "<http://www.opengis.net/def/crs/EPSG/0/6668>");
    auto first = json::parse(jgd.body)["geometry"]["coordinates"][0][0][0];
    CHECK(first[0].get<double>() > 20);
    CHECK(first[0].get<double>() < 46);
    CHECK(first[1].get<double>() > 122);
}

TEST_CASE("programme features: coverage geometry, null for nationwide ones, datetime on the window", "[integration][ogc]") {
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    const auto national = tx.exec1("SELECT min(programme_id) FROM programme_areas WHERE area_code = 'JP'")[0].as<std::int64_t>();
    const auto local = tx.exec1(
        "SELECT min(p.id) FROM programmes p JOIN programme_areas pa ON pa.programme_id = p.id AND pa.area_code = '13' "
        "WHERE programme_published_at(p.status, p.publish_start, p.publish_end, now()) "
        "AND NOT EXISTS (SELECT 1 FROM programme_areas j WHERE j.programme_id = p.id AND j.area_code = 'JP')")[0].as<std::int64_t>();
    auto n = json::parse(http_get("/ogc/collections/programmes/items/" + std::to_string(national)).body);
    CHECK(n["geometry"].is_null());
    CHECK(n["properties"]["nationwide"] == true);
    auto t = json::parse(http_get("/ogc/collections/programmes/items/" + std::to_string(local)).body);
    CHECK(t["geometry"]["type"] == "MultiPolygon");
    CHECK(t["properties"]["areas"].size() >= 1);

    const auto open_now = tx.exec1(
        "SELECT count(*) FROM programmes p WHERE programme_published_at(p.status, p.publish_start, p.publish_end, now()) "
        "AND (p.acceptance_start IS NULL OR p.acceptance_start <= '2026-12-01T00:00:00+09:00') "
        "AND (p.acceptance_end IS NULL OR p.acceptance_end >= '2026-12-01T00:00:00+09:00')")[0].as<std::int64_t>();
    auto d = json::parse(http_get("/ogc/collections/programmes/items?datetime=2026-12-01T00:00:00%2B09:00&limit=1").body);
    CHECK(d["numberMatched"] == open_now);

    auto tokyo = json::parse(http_get("/ogc/collections/programmes/items?area=13&limit=1").body);
    CHECK(tokyo["numberMatched"].get<int>() > 0);
}

TEST_CASE("the collections document lists the three collections with their item links", "[integration][ogc]") {
    auto r = http_get("/ogc/collections");
    REQUIRE(r.status == 200);
    CHECK(r.headers["content-type"].rfind("application/json", 0) == 0);
    auto doc = json::parse(r.body);
    std::set<std::string> ids;
    for (const auto& c : doc["collections"]) {
        ids.insert(c["id"].get<std::string>());
        bool items = false;
        for (const auto& l : c["links"]) {
            if (l["rel"] == "items") items = l["href"].get<std::string>().find("/ogc/collections/" + c["id"].get<std::string>() + "/items") != std::string::npos;
        }
        CHECK(items);
    }
    CHECK(ids == std::set<std::string>{"prefectures", "municipalities", "programmes"});
}

TEST_CASE("readiness: ready while the database answers; health is independent of it", "[integration]") {
    auto ready = http_get("/readyz");
    CHECK(ready.status == 200);
    CHECK(json::parse(ready.body)["status"] == "ready");
    CHECK(ready.headers["cache-control"] == "no-store");
    CHECK(http_get("/healthz").status == 200);
}

TEST_CASE("OGC errors: unknown collection or feature 404, bad parameters 400 naming them", "[integration][ogc]") {
    auto landing = json::parse(http_get("/ogc").body);
    std::set<std::string> rels;
    for (const auto& l : landing["links"]) rels.insert(l["rel"]);
    CHECK(rels.count("conformance") == 1);
    CHECK(rels.count("data") == 1);
    CHECK(rels.count("service-desc") == 1);
    auto conf = json::parse(http_get("/ogc/conformance?f=json").body);
    CHECK(conf["conformsTo"].size() == 4);

    CHECK(http_get("/ogc/collections/rivers").status == 404);
    CHECK(http_get("/ogc/collections/rivers/items").status == 404);
    CHECK(http_get("/ogc/collections/municipalities/items/99999").status == 404);
    CHECK(http_get("/ogc/collections/programmes/items/abc").status == 404);
    for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
             {"bbox=1,2,3", "bbox"},
             {"bbox=139.8,35.7,139.7,35.6", "bbox"},
             {"limit=0", "limit"},
             {"limit=ten", "limit"},
             {"offset=-1", "offset"},
             {"crs=EPSG:9999", "crs"},
             {"bbox=139,35,140,36&bbox-crs=EPSG:1234", "bbox-crs"},
             {"colour=red", "colour"},
             {"f=html", "f"}}) {
        auto r = http_get("/ogc/collections/municipalities/items?" + query);
        INFO(query << " -> " << r.body);
        CHECK(r.status == 400);
        CHECK(r.headers["content-type"] == "application/problem+json");
        CHECK(json::parse(r.body)["errors"][0]["field"] == field);
    }
    auto dt = http_get("/ogc/collections/programmes/items?datetime=yesterday");
    CHECK(dt.status == 400);
    CHECK(json::parse(dt.body)["errors"][0]["field"] == "datetime");
}
