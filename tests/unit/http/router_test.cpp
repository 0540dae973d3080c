#include "http/problem.hpp"
#include "http/router.hpp"
#include "programmes/lookup_service.hpp"
#include "tiles/tile_service.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>

using namespace policymap;

namespace {

struct FakeTiles : tiles::TileStore {
    std::string bytes;
    bool fail = false;
    bool down = false;
    tiles::RenderedTile render(const tiles::LayerDefinition&, const core::TileCoord&, const tiles::TileFilter&) override {
        if (fail) throw std::runtime_error("connection string postgresql://u:secret@db leaked?");
        if (down) throw core::Error(core::ErrorKind::unavailable, "database-unavailable", "the database is not reachable; try again shortly");
        return {bytes, {"13101"}};
    }
    std::optional<std::array<double, 4>> bounds() override { return std::array<double, 4>{122.9, 20.4, 154.0, 45.6}; }
};

struct FakeLookup : programmes::LookupStore {
    std::optional<programmes::AreaAt> locate(double lon, double lat) override {
        if (lat < 20 || lon < 120) return std::nullopt;
        return programmes::AreaAt{"13101", std::nullopt};
    }
    programmes::LookupResult at_area(const std::string&) override {
        programmes::LookupResult r;
        r.municipality = {"13101", "千代田区", "municipality"};
        r.prefecture = {"13", "東京都", "prefecture"};
        r.programmes.push_back({1, "jgrants", "a0W", "東京都の補助金", "prefecture"});
        return r;
    }
};

struct Fixture {
    FakeTiles tile_store;
    tiles::TileCache tile_cache{0};
    tiles::TileService tile_service{tiles::LayerRegistry::embedded(), tile_store, tile_cache};
    FakeLookup lookup_store;
    programmes::LookupService lookup{lookup_store};
    http::StaticFiles web;
    http::Router router{http::Services{tile_service, lookup, web}};

    http::Response get(const std::string& path, std::vector<std::pair<std::string, std::string>> query = {}) {
        http::Request r;
        r.method = "GET";
        r.path = path;
        r.query = std::move(query);
        r.request_id = "test-id";
        return router.handle(r);
    }
};

std::string header(const http::Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
        if (k == name) return v;
    }
    return {};
}

}  // namespace

TEST_CASE("health answers ok", "[http]") {
    Fixture f;
    auto r = f.get("/healthz");
    CHECK(r.status == 200);
    CHECK(nlohmann::json::parse(r.body) == nlohmann::json{{"status", "ok"}});
}

TEST_CASE("readiness: 200 when the database is current, 503 problem with Retry-After when not", "[http]") {
    Fixture f;
    CHECK(f.get("/readyz").status == 200);  // no probe wired: ready
    std::optional<std::string> why;
    http::Services services{f.tile_service, f.lookup, f.web};
    services.readiness = [&] { return why; };
    http::Router router{services};
    http::Request req;
    req.method = "GET";
    req.path = "/readyz";
    req.request_id = "r1";
    auto ok = router.handle(req);
    CHECK(ok.status == 200);
    CHECK(nlohmann::json::parse(ok.body) == nlohmann::json{{"status", "ready"}});
    CHECK(header(ok, "Cache-Control") == "no-store");
    why = "the database is not reachable";
    auto down = router.handle(req);
    CHECK(down.status == 503);
    CHECK(header(down, "Content-Type") == "application/problem+json");
    CHECK(header(down, "Retry-After") == "5");
    auto body = nlohmann::json::parse(down.body);
    CHECK(body["type"] == "/problems/not-ready");
    CHECK(body["detail"] == "not ready: the database is not reachable");
    req.method = "POST";
    CHECK(router.handle(req).status == 405);
}

TEST_CASE("lookup validates lat and lon and names every bad field", "[http]") {
    Fixture f;
    auto r = f.get("/v1/lookup", {{"lat", "abc"}});
    CHECK(r.status == 400);
    CHECK(header(r, "Content-Type") == "application/problem+json");
    auto body = nlohmann::json::parse(r.body);
    CHECK(body["type"] == "/problems/invalid-coordinates");
    CHECK(body["instance"] == "urn:request:test-id");
    REQUIRE(body["errors"].size() == 2);
    CHECK(body["errors"][0]["field"] == "lat");
    CHECK(body["errors"][1]["field"] == "lon");
    CHECK(f.get("/v1/lookup", {{"lat", "35.6"}, {"lon", "1e400"}}).status == 400);
    CHECK(f.get("/v1/lookup", {{"lat", "95"}, {"lon", "139"}}).status == 400);
    CHECK(f.get("/v1/lookup", {{"lat", "nan"}, {"lon", "139"}}).status == 400);
    CHECK(f.get("/v1/lookup", {{"lat", "0x23"}, {"lon", "139"}}).status == 400);
    CHECK(f.get("/v1/lookup", {{"lat", "35.6812e0"}, {"lon", "1397671e-4"}}).status == 200);
    auto huge = nlohmann::json::parse(f.get("/v1/lookup", {{"lat", std::string(5000, '9')}, {"lon", "139"}}).body);
    CHECK(huge["errors"][0]["message"] == "out of range");
    CHECK(huge["errors"][0]["value"].get<std::string>().size() == 64);
}

TEST_CASE("lookup refuses parameters it does not know, naming them", "[http]") {
    Fixture f;
    auto r = f.get("/v1/lookup", {{"lat", "35.6812"}, {"lon", "139.7671"}, {"crs_", "EPSG:6677"}});
    CHECK(r.status == 400);
    auto body = nlohmann::json::parse(r.body);
    CHECK(body["type"] == "/problems/invalid-parameter");
    CHECK(body["errors"][0]["field"] == "crs_");
}

TEST_CASE("lookup outside Japan is 404 with a message, inside is the area", "[http]") {
    Fixture f;
    auto out = f.get("/v1/lookup", {{"lat", "10"}, {"lon", "100"}});
    CHECK(out.status == 404);
    CHECK(nlohmann::json::parse(out.body)["type"] == "/problems/outside-japan");
    auto in = f.get("/v1/lookup", {{"lat", "35.6812"}, {"lon", "139.7671"}});
    REQUIRE(in.status == 200);
    auto body = nlohmann::json::parse(in.body);
    CHECK(body["municipality"]["code"] == "13101");
    CHECK(body["designated_city"].is_null());
    CHECK(body["programmes"][0]["scope"] == "prefecture");
}

TEST_CASE("an empty tile is 204, a tile is MVT, failures never leak internals", "[http]") {
    Fixture f;
    CHECK(f.get("/tiles/municipalities/5/28/12.mvt").status == 204);
    f.tile_store.bytes = "abc";
    auto r = f.get("/tiles/municipalities/5/28/12.mvt");
    CHECK(r.status == 200);
    CHECK(header(r, "Content-Type") == "application/vnd.mapbox-vector-tile");
    CHECK(r.body == "abc");
    CHECK(f.get("/tiles/municipalities/5/28/x.mvt").status == 400);
    CHECK(f.get("/tiles/municipalities/5/28").status == 404);
    CHECK(f.get("/tiles/nope/5/28/12.mvt").status == 404);
    f.tile_store.fail = true;
    auto err = f.get("/tiles/municipalities/5/28/12.mvt");
    CHECK(err.status == 500);
    CHECK(err.body.find("secret") == std::string::npos);
    CHECK(err.body.find("postgresql") == std::string::npos);
}

TEST_CASE("other methods are 405 with Allow, unknown paths 404", "[http]") {
    Fixture f;
    http::Request r;
    r.method = "POST";
    r.path = "/v1/lookup";
    r.request_id = "x";
    auto resp = f.router.handle(r);
    CHECK(resp.status == 405);
    CHECK(header(resp, "Allow") == "GET, HEAD");
    CHECK(f.get("/nothing-here").status == 404);
}

TEST_CASE("each error kind has its status", "[http]") {
    CHECK(http::status_of(core::ErrorKind::invalid_input) == 400);
    CHECK(http::status_of(core::ErrorKind::not_found) == 404);
    CHECK(http::status_of(core::ErrorKind::unavailable) == 503);
    auto r = http::problem_response(core::Error(core::ErrorKind::unavailable, "database-unavailable", "down"), "id");
    CHECK(r.status == 503);
    CHECK(header(r, "Retry-After") == "5");
}

TEST_CASE("tile responses: ETag and 304, gzip with Vary, 503 with Retry-After when the database is down", "[http]") {
    Fixture f;
    f.tile_store.bytes = std::string(2000, 'm');
    auto get = [&](std::map<std::string, std::string> headers, std::vector<std::pair<std::string, std::string>> query = {}) {
        http::Request r;
        r.method = "GET";
        r.path = "/tiles/municipalities/5/28/12.mvt";
        r.headers = std::move(headers);
        r.query = std::move(query);
        r.request_id = "t";
        return f.router.handle(r);
    };
    auto plain = get({});
    REQUIRE(plain.status == 200);
    const auto etag = header(plain, "ETag");
    CHECK(etag.size() == 18);
    CHECK(header(plain, "Vary") == "Accept-Encoding");
    CHECK(header(plain, "Cache-Control").find("public") != std::string::npos);
    CHECK(get({{"if-none-match", etag}}).status == 304);
    CHECK(get({{"if-none-match", "W/" + etag}}).status == 304);
    CHECK(get({{"if-none-match", "\"other\", " + etag}}).status == 304);
    auto gz = get({{"accept-encoding", "br, gzip"}});
    CHECK(header(gz, "Content-Encoding") == "gzip");
    CHECK(gz.body.size() < 100);
    CHECK(header(gz, "ETag") != etag);
    CHECK(header(get({{"accept-encoding", "gzip;q=0"}}), "Content-Encoding").empty());
    auto bad = get({}, {{"purpose", "なんでも"}});
    CHECK(bad.status == 400);
    CHECK(nlohmann::json::parse(bad.body)["errors"][0]["field"] == "purpose");
    f.tile_store.down = true;
    auto down = get({}, {{"open", "true"}});
    CHECK(down.status == 503);
    CHECK(header(down, "Retry-After") == "5");
    f.tile_store.down = false;
    CHECK(get({}, {{"open", "true"}}).status == 200);
}

TEST_CASE("TileJSON honours forwarded headers and refuses bad ones", "[http]") {
    Fixture f;
    http::Request r;
    r.method = "GET";
    r.path = "/tiles/labels.json";
    r.request_id = "t";
    r.headers = {{"host", "127.0.0.1:8080"}};
    auto doc = nlohmann::json::parse(f.router.handle(r).body);
    CHECK(doc["tiles"][0] == "http://127.0.0.1:8080/tiles/labels/{z}/{x}/{y}.mvt");
    CHECK(doc["bounds"] == nlohmann::json{122.9, 20.4, 154.0, 45.6});
    r.headers["forwarded"] = "proto=https;host=maps.example.jp, proto=http;host=inner";
    CHECK(nlohmann::json::parse(f.router.handle(r).body)["tiles"][0] == "https://maps.example.jp/tiles/labels/{z}/{x}/{y}.mvt");
    r.headers.erase("forwarded");
    r.headers["x-forwarded-proto"] = "gopher";
    CHECK(f.router.handle(r).status == 400);
}

TEST_CASE("route templates are a small fixed set", "[http]") {
    CHECK(http::Router::route_template("/tiles/areas/10/909/403.mvt") == "/tiles/{layer}/{z}/{x}/{y}.mvt");
    CHECK(http::Router::route_template("/tiles/areas.json") == "/tiles/{layer}.json");
    CHECK(http::Router::route_template("/v1/programmes/123") == "/v1/programmes/{id}");
    CHECK(http::Router::route_template("/v1/programmes/123/history") == "/v1/programmes/{id}/history");
    CHECK(http::Router::route_template("/v1/areas/13101") == "/v1/areas/{code}");
    CHECK(http::Router::route_template("/metrics") == "/metrics");
    CHECK(http::Router::route_template("/ogc") == "/ogc");
    CHECK(http::Router::route_template("/ogc/collections/municipalities/items") == "/ogc/collections/{collectionId}/items");
    CHECK(http::Router::route_template("/ogc/collections/municipalities/items/13101") ==
          "/ogc/collections/{collectionId}/items/{featureId}");
    CHECK(http::Router::route_template("/openapi.json") == "/openapi.json");
    CHECK(http::Router::route_template("/docs/swagger-ui.css") == "/docs/{asset}");
    CHECK(http::Router::route_template("/wp-admin/x.php") == "other");
}

TEST_CASE("HEAD keeps the GET's length and drops the body", "[http]") {
    Fixture f;
    http::Request r;
    r.method = "HEAD";
    r.path = "/healthz";
    r.request_id = "h";
    const auto resp = f.router.handle(r);
    CHECK(resp.body.empty());
    CHECK(header(resp, "Content-Length") == "15");
}

TEST_CASE("CORS only for configured origins and only on public reads", "[http]") {
    Fixture f;
    http::Services services{f.tile_service, f.lookup, f.web};
    services.cors_origins = {"https://portal.example.jp"};
    http::Router router(services);
    http::Request pre;
    pre.method = "OPTIONS";
    pre.path = "/tiles/areas/10/909/403.mvt";
    pre.headers = {{"origin", "https://portal.example.jp"}, {"access-control-request-method", "GET"}};
    pre.request_id = "p";
    auto r = router.handle(pre);
    CHECK(r.status == 204);
    CHECK(header(r, "Access-Control-Allow-Origin") == "https://portal.example.jp");
    CHECK(header(r, "Access-Control-Allow-Methods") == "GET, HEAD");
    CHECK(header(r, "Vary") == "Origin");
    pre.headers["origin"] = "https://evil.example";
    CHECK(router.handle(pre).status == 405);
    pre.headers["origin"] = "https://portal.example.jp";
    pre.path = "/v1/agency/me";
    CHECK(header(router.handle(pre), "Access-Control-Allow-Origin").empty());
    // Not configured: no CORS headers at all.
    http::Request get;
    get.method = "GET";
    get.path = "/healthz";
    get.headers = {{"origin", "https://portal.example.jp"}};
    CHECK(header(f.router.handle(get), "Access-Control-Allow-Origin").empty());
}
