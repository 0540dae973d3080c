#include "http/agency_handlers.hpp"
#include "http/router.hpp"
#include "programmes/lookup_service.hpp"
#include "tiles/tile_service.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace policymap;

namespace {

struct NoTiles : tiles::TileStore {
    tiles::RenderedTile render(const tiles::LayerDefinition&, const core::TileCoord&, const tiles::TileFilter&) override {
        return {};
    }
    std::optional<std::array<double, 4>> bounds() override { return std::nullopt; }
};
struct NoLookup : programmes::LookupStore {
    std::optional<programmes::AreaAt> locate(double, double) override { return std::nullopt; }
    programmes::LookupResult at_area(const std::string&) override { return {}; }
};

struct Fixture {
    NoTiles tile_store;
    tiles::TileCache tile_cache{0};
    tiles::TileService tile_service{tiles::LayerRegistry::embedded(), tile_store, tile_cache};
    NoLookup lookup_store;
    programmes::LookupService lookup{lookup_store};
    http::StaticFiles web;
    http::Router router{http::Services{tile_service, lookup, web}};

    http::Response call(const std::string& method, const std::string& path, std::map<std::string, std::string> headers = {}) {
        http::Request r;
        r.method = method;
        r.path = path;
        r.headers = std::move(headers);
        r.request_id = "t";
        return router.handle(r);
    }
};

}  // namespace

TEST_CASE("If-Match names versions of this programme only", "[http]") {
    CHECK(http::parse_if_match(std::nullopt, 12) == std::nullopt);
    CHECK(http::parse_if_match(std::string("\"p12-v3\""), 12) == 3);
    CHECK(http::parse_if_match(std::string("W/\"p12-v3\""), 12) == 3);
    CHECK(http::parse_if_match(std::string("\"p13-v3\", \"p12-v4\""), 12) == 4);
    CHECK(http::parse_if_match(std::string("*"), 12) == 0);
    CHECK(http::parse_if_match(std::string("\"p13-v3\""), 12) == -1);
    CHECK(http::parse_if_match(std::string("\"p12-vx\""), 12) == -1);
    CHECK(http::parse_if_match(std::string("garbage"), 12) == -1);
    CHECK(http::programme_etag(12, 3) == "\"p12-v3\"");
}

TEST_CASE("editing routes: write methods and history here, GET of a programme left to search", "[http]") {
    Fixture f;
    // Without editing services the write endpoints say so, rather than 404 or 500.
    auto post = f.call("POST", "/v1/programmes");
    CHECK(post.status == 503);
    CHECK(nlohmann::json::parse(post.body)["type"] == "/problems/editing-unavailable");
    CHECK(f.call("PUT", "/v1/programmes/12").status == 503);
    CHECK(f.call("DELETE", "/v1/programmes/12").status == 503);
    CHECK(f.call("PUT", "/v1/programmes/abc").status == 404);
    CHECK(f.call("PUT", "/v1/programmes/-1").status == 404);
    CHECK(f.call("GET", "/v1/programmes/12/history").status == 503);
    auto wrong = f.call("POST", "/v1/programmes/12/history");
    CHECK(wrong.status == 405);
    auto tmpl = f.call("GET", "/v1/agency/import/template.csv");
    CHECK(tmpl.status == 200);
    CHECK(tmpl.body.rfind("\xEF\xBB\xBFref,title,", 0) == 0);
    auto import_get = f.call("GET", "/v1/agency/import");
    CHECK(import_get.status == 405);
    bool allow_post = false;
    for (const auto& [k, v] : import_get.headers) allow_post = allow_post || (k == "Allow" && v == "POST");
    CHECK(allow_post);
}
