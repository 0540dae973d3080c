#include "core/error.hpp"
#include "http/static_files.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

using namespace policymap;
namespace fs = std::filesystem;

namespace {

struct WebRoot {
    fs::path root = fs::temp_directory_path() / ("policymap-web-" + std::to_string(std::random_device{}()));
    WebRoot() {
        fs::create_directories(root / "assets");
        fs::create_directories(root / "glyphs" / "NotoSans-Regular");
        write("index.html", "<!doctype html><title>map</title>");
        write("embed.js", "(function(){})();");
        write("assets/index-abc123.js", "export {}");
        write("glyphs/NotoSans-Regular/0-255.pbf", std::string("\x0a\x00", 2));
    }
    ~WebRoot() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    void write(const std::string& rel, const std::string& body) const { std::ofstream(root / rel, std::ios::binary) << body; }
};

std::string header(const http::Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
        if (k == name) return v;
    }
    return {};
}

http::Request get() {
    http::Request r;
    r.method = "GET";
    return r;
}

}  // namespace

TEST_CASE("the widget page is served at / and /embed with a CSP that allows framing") {
    WebRoot web;
    http::StaticFiles files(web.root, "https://portal.example.jp https://*.example.or.jp");
    for (const char* path : {"/", "/embed", "/index.html"}) {
        auto r = files.serve(path, get());
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(header(*r, "Content-Type") == "text/html; charset=utf-8");
        CHECK(header(*r, "Cache-Control") == "no-cache");
        const auto csp = header(*r, "Content-Security-Policy");
        CHECK_THAT(csp, Catch::Contains("frame-ancestors https://portal.example.jp https://*.example.or.jp"));
        CHECK_THAT(csp, Catch::Contains("worker-src blob:"));
        CHECK_THAT(csp, Catch::Contains("img-src 'self' data: blob:"));
        CHECK_THAT(csp, Catch::Contains("default-src 'self'"));
        CHECK(header(*r, "X-Frame-Options").empty());
    }
}

TEST_CASE("the embed loader, hashed assets and glyph ranges get their types and cache lifetimes") {
    WebRoot web;
    http::StaticFiles files(web.root);
    auto loader = files.serve("/embed.js", get());
    REQUIRE(loader);
    CHECK(header(*loader, "Content-Type") == "text/javascript; charset=utf-8");
    CHECK(header(*loader, "Cache-Control") == "no-cache");
    CHECK(header(*loader, "Cross-Origin-Resource-Policy") == "cross-origin");
    CHECK(header(*loader, "Content-Security-Policy").empty());

    auto asset = files.serve("/assets/index-abc123.js", get());
    REQUIRE(asset);
    CHECK(header(*asset, "Cache-Control") == "public, max-age=31536000, immutable");

    auto glyphs = files.serve("/glyphs/NotoSans-Regular/0-255.pbf", get());
    REQUIRE(glyphs);
    CHECK(header(*glyphs, "Content-Type") == "application/x-protobuf");
    CHECK(glyphs->body.size() == 2);

    CHECK_FALSE(files.serve("/embed.html", get()));
    CHECK_FALSE(files.serve("/glyphs/NotoSans-Regular/65536-65791.pbf", get()));
}

TEST_CASE("a page is framed by any site unless a list is configured") {
    WebRoot web;
    http::StaticFiles files(web.root);
    auto r = files.serve("/embed", get());
    REQUIRE(r);
    CHECK_THAT(header(*r, "Content-Security-Policy"), Catch::EndsWith("frame-ancestors *"));
}

TEST_CASE("POLICYMAP_FRAME_ANCESTORS accepts origins, * and the CSP keywords, and names a bad entry") {
    CHECK(http::parse_frame_ancestors("") == "*");
    CHECK(http::parse_frame_ancestors("*") == "*");
    CHECK(http::parse_frame_ancestors("'none'") == "'none'");
    CHECK(http::parse_frame_ancestors("https://a.example.jp, http://localhost:8080  'self'") ==
          "https://a.example.jp http://localhost:8080 'self'");
    CHECK(http::parse_frame_ancestors("https://*.example.lg.jp") == "https://*.example.lg.jp");
    for (const char* bad : {"https://a.example.jp; script-src *", "javascript:alert(1)", "example.jp", "* https://a.jp",
                            "https://a.jp/path"}) {
        try {
            http::parse_frame_ancestors(bad);
            FAIL("accepted " << bad);
        } catch (const core::Error& e) {
            CHECK(e.kind() == core::ErrorKind::invalid_input);
            CHECK_THAT(std::string(e.what()), Catch::Contains("POLICYMAP_FRAME_ANCESTORS"));
        }
    }
}
