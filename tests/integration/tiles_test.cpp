// Vector tiles decoded by a real client: GDAL's MVT driver.
#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>
#include <pqxx/pqxx>

#include <zlib.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

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

int db_int(const std::string& sql, const std::string& arg = "") {
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    return arg.empty() ? tx.exec1(sql)[0].as<int>() : tx.exec_params1(sql, arg)[0].as<int>();
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

namespace {

std::string gunzip(const std::string& in) {
    z_stream zs{};
    REQUIRE(inflateInit2(&zs, 15 + 16) == Z_OK);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    std::string out;
    char buf[65536];
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(buf, sizeof buf - zs.avail_out);
    }
    inflateEnd(&zs);
    REQUIRE(rc == Z_STREAM_END);
    return out;
}

nlohmann::json cache_stats(const std::string& base = "") { return nlohmann::json::parse(http_get(base + "/tiles/cache").body); }

std::string read_source(const std::string& rel) {
    std::ifstream in(std::string(POLICYMAP_SOURCE_DIR) + "/" + rel);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

int programmes_of(const std::string& bytes, const std::string& code, int z, int x, int y) {
    auto tile = decode(bytes, z, x, y);
    REQUIRE(tile.features.count(code) == 1);
    return std::stoi(tile.features[code]["programmes"]);
}

}  // namespace

TEST_CASE("labels: one point per area with its name and count", "[integration]") {
    auto r = http_get("/tiles/labels/12/3638/1612.mvt");
    REQUIRE(r.status == 200);
    auto tile = decode(r.body, 12, 3638, 1612);
    CHECK(tile.layers == std::set<std::string>{"labels"});
    REQUIRE(tile.features.count("13101") == 1);
    CHECK(tile.features["13101"]["name"] == "千代田区");
    CHECK(std::stoi(tile.features["13101"]["programmes"]) == db_count("13101"));
    auto low = decode(http_get("/tiles/labels/5/28/12.mvt").body, 5, 28, 12);
    CHECK(low.features.count("13") == 1);  // prefectures at low zoom, no municipalities
    CHECK(low.features.count("13101") == 0);
}

TEST_CASE("designated cities are one feature below z9 and their wards from z9", "[integration]") {
    auto z8 = decode(http_get("/tiles/municipalities/8/227/101.mvt").body, 8, 227, 101);
    REQUIRE(z8.features.count("14100") == 1);
    CHECK(z8.features["14100"]["name"] == "横浜市");
    CHECK(z8.features["14100"]["level"] == "designated_city");
    CHECK(z8.features.count("14101") == 0);
    auto z10 = decode(http_get("/tiles/municipalities/10/909/404.mvt").body, 10, 909, 404);
    CHECK(z10.features.count("14100") == 0);
    CHECK(z10.features.count("14103") == 1);  // 横浜市西区
    CHECK(z10.features["14103"]["level"] == "ward");
}

TEST_CASE("z5 tiles over Honshu stay well under 200 KB, and neighbours still meet", "[integration]") {
    for (const char* t : {"5/28/12", "5/27/12", "5/28/11", "5/27/13"}) {
        auto r = http_get(std::string("/tiles/municipalities/") + t + ".mvt");
        REQUIRE(r.status == 200);
        CHECK(r.body.size() < 150 * 1024);
    }
    // Generalised municipalities leave no gaps or overlaps: no hole in the
    // union of a prefecture's municipalities lies mostly on land (a hole that
    // is water, such as a bay whose mouth the simplification closed, is
    // right), and the sum of their areas equals the area of their union.
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    const std::string sql =
        "WITH u AS (SELECT ST_Union(geom) AS g, sum(ST_Area(geom)) AS s FROM tile_areas "
        "           WHERE band = $1 AND pref_code = $2 AND level IN ('municipality', 'ward')), "
        "land AS (SELECT geom_3857 AS g FROM areas WHERE code = $2), "
        "holes AS (SELECT ST_MakePolygon(ST_InteriorRingN(d.geom, n)) AS h "
        "          FROM u, ST_Dump(u.g) d, generate_series(1, ST_NumInteriorRings(d.geom)) n) "
        "SELECT (SELECT count(*) FROM holes, land WHERE ST_Area(ST_Intersection(holes.h, land.g)) > 0.5 * ST_Area(holes.h))::integer, "
        "       (u.s - ST_Area(u.g)) / u.s FROM u";
    for (const char* pref : {"13", "14", "27", "01", "39", "31", "47"}) {
        for (int band : {0, 6, 7, 8, 9}) {
            INFO("prefecture " << pref << " band " << band);
            auto row = tx.exec_params1(sql, band, pref);
            CHECK(row[0].as<int>() == 0);
            CHECK(row[1].as<double>() < 1e-6);
        }
    }
}

TEST_CASE("purpose and open filters: counts follow them, order does not matter, unknown values are 400", "[integration]") {
    const std::string a = "設備整備・IT導入をしたい";
    const std::string b = "人材育成を行いたい";
    // Expected: published programmes reaching 13101 (JP, 13, 13101) with either purpose.
    const int expected = db_int(
        "SELECT count(DISTINCT p.id)::integer FROM programmes p JOIN programme_areas pa ON pa.programme_id = p.id "
        "WHERE p.status = 'published' AND pa.area_code IN ('JP', '13', '13101') "
        "AND p.purposes && ARRAY['設備整備・IT導入をしたい', '人材育成を行いたい']");
    REQUIRE(expected > 0);
    auto r1 = http_get("/tiles/municipalities/12/3638/1612.mvt?purpose=" + a + "," + b);
    REQUIRE(r1.status == 200);
    const int got = programmes_of(r1.body, "13101", 12, 3638, 1612);
    CHECK(got == expected);
    CHECK(got < db_count("13101"));
    // Same filter, other order: the same cache entry (a hit, not a miss).
    auto before = cache_stats();
    auto r2 = http_get("/tiles/municipalities/12/3638/1612.mvt?purpose=" + b + "," + a);
    auto after = cache_stats();
    CHECK(r2.body == r1.body);
    CHECK(after["hits"].get<int>() == before["hits"].get<int>() + 1);
    CHECK(after["misses"].get<int>() == before["misses"].get<int>());

    // Open at a fixed moment of the snapshots (August 2026).
    const int open = db_int(
        "SELECT count(DISTINCT p.id)::integer FROM programmes p JOIN programme_areas pa ON pa.programme_id = p.id "
        "WHERE p.status = 'published' AND pa.area_code IN ('JP', '13', '13101') "
        "AND (p.acceptance_start IS NULL OR p.acceptance_start <= '2026-08-15T00:00:00Z') "
        "AND (p.acceptance_end IS NULL OR '2026-08-15T00:00:00Z' < p.acceptance_end)");
    auto r3 = http_get("/tiles/municipalities/12/3638/1612.mvt?open=true&at=2026-08-15T09:00:00%2B09:00");
    REQUIRE(r3.status == 200);
    CHECK(programmes_of(r3.body, "13101", 12, 3638, 1612) == open);
    CHECK(open > 0);

    auto bad = http_get("/tiles/municipalities/12/3638/1612.mvt?purpose=%E3%81%82&open=maybe&colour=red");
    CHECK(bad.status == 400);
    CHECK(bad.headers["content-type"] == "application/problem+json");
    auto problem = nlohmann::json::parse(bad.body);
    CHECK(problem["type"] == "/problems/invalid-tile-filter");
    std::set<std::string> fields;
    for (const auto& e : problem["errors"]) fields.insert(e["field"].get<std::string>());
    CHECK(fields == std::set<std::string>{"purpose", "open", "colour"});
    for (const auto& e : problem["errors"]) {
        if (e["field"] == "purpose") CHECK(e["message"].get<std::string>().find("新たな事業を行いたい") != std::string::npos);
    }
}

TEST_CASE("tiles carry ETag and Cache-Control, answer If-None-Match with 304, and gzip when asked", "[integration]") {
    const std::string path = "/tiles/municipalities/9/454/201.mvt";
    auto plain = http_get(path);
    REQUIRE(plain.status == 200);
    const auto etag = plain.headers["etag"];
    CHECK(etag.size() > 2);
    CHECK(plain.headers["cache-control"].find("public") != std::string::npos);
    CHECK(plain.headers["vary"] == "Accept-Encoding");
    CHECK(plain.headers.count("content-encoding") == 0);
    auto again = http_get(path, {{"If-None-Match", etag}});
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(http_get(path, {{"If-None-Match", "\"0000000000000000\""}}).status == 200);
    auto gz = http_get(path, {{"Accept-Encoding", "gzip, deflate"}});
    REQUIRE(gz.status == 200);
    CHECK(gz.headers["content-encoding"] == "gzip");
    CHECK(gz.headers["etag"] != etag);
    CHECK(gz.body.size() < plain.body.size());
    CHECK(gunzip(gz.body) == plain.body);
    CHECK(http_get(path, {{"Accept-Encoding", "gzip"}, {"If-None-Match", gz.headers["etag"]}}).status == 304);
    CHECK(http_get(path, {{"Accept-Encoding", "gzip;q=0"}}).headers.count("content-encoding") == 0);
}

TEST_CASE("TileJSON 3.0 with the data's bounds and absolute URLs behind a proxy", "[integration]") {
    auto r = http_get("/tiles/municipalities.json?purpose=人材育成を行いたい",
                      {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "maps.example.jp"}});
    REQUIRE(r.status == 200);
    auto doc = nlohmann::json::parse(r.body);
    CHECK(doc["tilejson"] == "3.0.0");
    CHECK(doc["minzoom"] == 0);
    CHECK(doc["maxzoom"] == 16);
    CHECK(doc["tiles"][0].get<std::string>().rfind(
              "https://maps.example.jp/tiles/municipalities/{z}/{x}/{y}.mvt?purpose=", 0) == 0);
    // Japan: 与那国島 122.93 E, 南鳥島 153.98 E, 沖縄 24.0 N (N03 has no 沖ノ鳥島 polygon at s0010?), 宗谷 45.5 N.
    auto b = doc["bounds"];
    CHECK(b[0].get<double>() > 122.8);
    CHECK(b[0].get<double>() < 123.1);
    CHECK(b[2].get<double>() > 153.9);
    CHECK(b[3].get<double>() > 45.4);
    CHECK(b[3].get<double>() < 45.7);
    CHECK(doc["vector_layers"][0]["id"] == "municipalities");
    for (const char* f : {"code", "name", "pref_code", "level", "programmes", "local"}) CHECK(doc["vector_layers"][0]["fields"].contains(f));
    CHECK(doc["description"].get<std::string>().find("204") != std::string::npos);

    auto fwd = nlohmann::json::parse(
        http_get("/tiles/labels.json", {{"Forwarded", "for=192.0.2.1;proto=https;host=\"tiles.example.org:8443\""}}).body);
    CHECK(fwd["tiles"][0] == "https://tiles.example.org:8443/tiles/labels/{z}/{x}/{y}.mvt");
    auto plain = nlohmann::json::parse(http_get("/tiles/prefectures.json").body);
    CHECK(plain["tiles"][0].get<std::string>().rfind(base_url() + "/tiles/prefectures/", 0) == 0);
    CHECK(http_get("/tiles/roads.json").status == 404);
    CHECK(http_get("/tiles/prefectures.json", {{"X-Forwarded-Host", "evil.example/<script>"}}).status == 400);
}

TEST_CASE("the MapLibre style points at this server's layers", "[integration]") {
    auto r = http_get("/styles/policymap.json", {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "maps.example.jp"}});
    REQUIRE(r.status == 200);
    auto style = nlohmann::json::parse(r.body);
    CHECK(style["version"] == 8);
    CHECK(style["sources"]["municipalities"]["url"] == "https://maps.example.jp/tiles/municipalities.json");
    CHECK(style["glyphs"] == "https://maps.example.jp/fonts/{fontstack}/{range}.pbf");
    std::set<std::string> source_layers;
    for (const auto& l : style["layers"]) {
        if (l.contains("source-layer")) source_layers.insert(l["source-layer"].get<std::string>());
    }
    CHECK(source_layers == std::set<std::string>{"prefectures", "municipalities", "labels"});
    auto glyphs = http_get("/fonts/Noto%20Sans%20Regular/0-255.pbf");
    CHECK(glyphs.status == 200);
    CHECK(glyphs.headers["content-type"] == "application/x-protobuf");
    CHECK(http_get("/fonts/Noto%20Sans%20Regular/x.pbf").status == 400);
}

TEST_CASE("a programme change reaches two servers within a second and drops only the affected tiles", "[integration]") {
    ServerProcess second({{"DATABASE_URL", db_url() + "?application_name=policymap-it-second"}, {"POLICYMAP_TILE_CACHE_MB", "64"}});
    const std::string tokyo = "/tiles/municipalities/12/3638/1612.mvt";
    const std::string sapporo = "/tiles/municipalities/12/3656/1504.mvt";
    auto a0 = http_get(tokyo);
    auto b0 = http_get(second.base() + tokyo);
    REQUIRE(a0.status == 200);
    REQUIRE(b0.status == 200);
    CHECK(a0.headers["etag"] == b0.headers["etag"]);
    REQUIRE(http_get(second.base() + sapporo).status == 200);
    const int before = programmes_of(a0.body, "13101", 12, 3638, 1612);

    // An edit as the writers make it: a programme for 千代田区 and the counts refreshed, in one transaction.
    const std::string source_id = "it-tiles-" + std::to_string(::getpid());
    {
        pqxx::connection conn(db_url());
        pqxx::work tx(conn);
        auto id = tx.exec_params1("INSERT INTO programmes (source, source_id, title, purposes) VALUES ('it', $1, '千代田区の試験制度', '{}') RETURNING id",
                                  source_id)[0].as<long long>();
        tx.exec_params("INSERT INTO programme_areas (programme_id, area_code) VALUES ($1, '13101')", id);
        tx.exec(read_source("src/programmes/sql/area_stats_refresh.sql"));
        tx.commit();
    }
    const auto changed = std::chrono::steady_clock::now();
    const auto sapporo_stats = cache_stats(second.base());
    bool a_ok = false;
    bool b_ok = false;
    while (std::chrono::steady_clock::now() - changed < std::chrono::seconds(1) && !(a_ok && b_ok)) {
        if (!a_ok) {
            auto a = http_get(tokyo);
            a_ok = a.headers["etag"] != a0.headers["etag"] && programmes_of(a.body, "13101", 12, 3638, 1612) == before + 1;
        }
        if (!b_ok) {
            auto b = http_get(second.base() + tokyo);
            b_ok = b.headers["etag"] != b0.headers["etag"] && programmes_of(b.body, "13101", 12, 3638, 1612) == before + 1;
        }
        if (!(a_ok && b_ok)) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(a_ok);
    CHECK(b_ok);
    // Sapporo's tile was not touched: still served from the second server's cache.
    auto s_before = cache_stats(second.base());
    REQUIRE(http_get(second.base() + sapporo).status == 200);
    auto s_after = cache_stats(second.base());
    CHECK(s_after["hits"].get<int>() == s_before["hits"].get<int>() + 1);
    CHECK(s_after["misses"].get<int>() == s_before["misses"].get<int>());
    CHECK(s_after["invalidated"].get<int>() >= 1);
    (void)sapporo_stats;

    {
        pqxx::connection conn(db_url());
        pqxx::work tx(conn);
        tx.exec_params("DELETE FROM programmes WHERE source = 'it' AND source_id = $1", source_id);
        tx.exec(read_source("src/programmes/sql/area_stats_refresh.sql"));
        tx.commit();
    }
}

TEST_CASE("a tile request while the database connections are down is 503 with Retry-After, then recovers", "[integration]") {
    ServerProcess second({{"DATABASE_URL", db_url() + "?application_name=policymap-it-outage"}, {"POLICYMAP_TILE_CACHE_MB", "64"}});
    REQUIRE(http_get(second.base() + "/tiles/municipalities/11/1819/806.mvt").status == 200);
    {
        pqxx::connection conn(db_url());
        pqxx::nontransaction tx(conn);
        tx.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'policymap-it-outage'");
    }
    // The pooled connection is gone: the next uncached tile fails cleanly (or
    // is served on a fresh connection), and the server recovers by itself.
    auto r = http_get(second.base() + "/tiles/municipalities/11/1819/807.mvt");
    if (r.status == 503) {
        CHECK(r.headers["retry-after"] == "5");
        CHECK(r.headers["content-type"] == "application/problem+json");
    } else {
        CHECK(r.status == 200);
    }
    long status = 0;
    for (int i = 0; i < 20 && status != 200; ++i) {
        status = http_get(second.base() + "/tiles/municipalities/11/1819/808.mvt").status;
        if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(status == 200);
}
