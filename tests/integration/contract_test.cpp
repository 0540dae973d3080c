// The API description served by the server (/openapi.json, /openapi.yaml), the
// reference page rendered from it (/docs), and the static endpoints the spec
// describes, so that the contract check (ctest `contract_responses`) sees them.
#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace policymap::test;
using nlohmann::json;

namespace {

std::string source_file(const std::string& path) {
    std::ifstream in(std::string(POLICYMAP_SOURCE_DIR) + "/" + path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST_CASE("GET /openapi.json is the OpenAPI 3.1 document with every route and problem type", "[integration][contract]") {
    auto r = http_get("/openapi.json");
    REQUIRE(r.status == 200);
    CHECK(r.headers["content-type"] == "application/json");
    CHECK(r.headers["access-control-allow-origin"] == "*");
    CHECK(r.headers["cache-control"] == "no-cache");
    auto spec = json::parse(r.body);
    CHECK(spec["openapi"] == "3.1.0");
    CHECK(spec["info"]["title"] == "policymap");
    for (const char* path : {"/healthz", "/v1/lookup", "/v1/programmes", "/v1/programmes/{id}", "/v1/programmes/{id}/history",
                             "/v1/agency/import", "/v1/agency/me", "/v1/areas", "/v1/areas/{code}",
                             "/tiles/{layer}/{z}/{x}/{y}.mvt", "/tiles/{layer}.json", "/openapi.json", "/docs"}) {
        CHECK(spec["paths"].contains(path));
    }
    CHECK(spec["x-problem-types"]["invalid-coordinates"]["status"] == 400);
    CHECK(spec["x-problem-types"]["stale-version"]["status"] == 412);

    // Revalidation by ETag, as for the static files.
    const auto etag = r.headers["etag"];
    REQUIRE_FALSE(etag.empty());
    auto again = http_get("/openapi.json", {{"If-None-Match", etag}});
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(http_request("HEAD", "/openapi.json").status == 200);
    auto post = http_request("POST", "/openapi.json", "{}");
    CHECK(post.status == 405);
    CHECK(post.headers["allow"] == "GET, HEAD");
}

TEST_CASE("GET /openapi.yaml is api/openapi.yaml byte for byte", "[integration][contract]") {
    auto r = http_get("/openapi.yaml");
    REQUIRE(r.status == 200);
    CHECK(r.headers["content-type"] == "application/yaml; charset=utf-8");
    CHECK(r.body == source_file("api/openapi.yaml"));
    CHECK(r.headers["etag"] != http_get("/openapi.json").headers["etag"]);
}

TEST_CASE("/docs is the API reference page, its scripts served here under the page CSP", "[integration][contract]") {
    auto page = http_get("/docs");
    REQUIRE(page.status == 200);
    CHECK(page.headers["content-type"] == "text/html; charset=utf-8");
    CHECK(page.headers["content-security-policy"].find("script-src 'self'") != std::string::npos);
    CHECK(page.body.find("<title>policymap API</title>") != std::string::npos);
    CHECK(page.body.find("https://") == std::string::npos);  // nothing from a CDN
    for (const char* asset : {"/docs/swagger-ui-bundle.js", "/docs/policymap-docs.js"}) {
        auto a = http_get(asset);
        CHECK(a.status == 200);
        CHECK(a.headers["content-type"] == "text/javascript; charset=utf-8");
    }
    auto css = http_get("/docs/swagger-ui.css");
    CHECK(css.status == 200);
    CHECK(css.headers["content-type"] == "text/css; charset=utf-8");
    CHECK(http_get("/docs/nothing.js").status == 404);
}

TEST_CASE("the embed page, its loader and the label glyphs are served", "[integration][contract]") {
    auto embed = http_get("/embed?area=13");
    CHECK(embed.status == 200);
    CHECK(embed.headers["content-type"] == "text/html; charset=utf-8");
    auto loader = http_get("/embed.js");
    CHECK(loader.status == 200);
    CHECK(loader.headers["cross-origin-resource-policy"] == "cross-origin");
    auto glyphs = http_get("/glyphs/NotoSans-Regular/0-255.pbf");
    CHECK(glyphs.status == 200);
    CHECK(glyphs.headers["content-type"] == "application/x-protobuf");
    CHECK_FALSE(glyphs.body.empty());
}
