#include "core/error.hpp"
#include "tiles/layer_registry.hpp"
#include "tiles/tile_request.hpp"
#include "tiles/tile_service.hpp"

#include <catch2/catch.hpp>

using namespace policymap;

namespace {
core::Error error_of(std::string_view z, std::string_view x, std::string_view y) {
    try {
        tiles::parse_tile_request("municipalities", z, x, y);
    } catch (const core::Error& e) {
        return e;
    }
    FAIL("no error for " << z << "/" << x << "/" << y);
    throw std::logic_error("unreachable");
}

struct FakeStore : tiles::TileStore {
    std::string bytes;
    int calls = 0;
    tiles::RenderedTile render(const tiles::LayerDefinition&, const core::TileCoord&, const tiles::TileFilter&) override {
        ++calls;
        return {bytes, {"13101", "13"}};
    }
    std::optional<std::array<double, 4>> bounds() override { return std::nullopt; }
};
}  // namespace

TEST_CASE("a tile address parses into layer and coordinates", "[tiles]") {
    auto req = tiles::parse_tile_request("municipalities", "12", "3638", "1614.mvt");
    CHECK(req.layer == "municipalities");
    CHECK(req.coord == core::TileCoord{12, 3638, 1614});
    CHECK(tiles::parse_tile_request("prefectures", "0", "0", "0.mvt").coord == core::TileCoord{0, 0, 0});
    CHECK(tiles::parse_tile_request("prefectures", "22", "4194303", "4194303.mvt").coord.x == 4194303u);
}

TEST_CASE("malformed tile addresses are refused with the field named", "[tiles]") {
    for (auto [z, x, y, field] : std::vector<std::tuple<const char*, const char*, const char*, const char*>>{
             {"a", "0", "0.mvt", "z"},
             {"-1", "0", "0.mvt", "z"},
             {"1", "0x1", "0.mvt", "x"},
             {"1", "1", "+1.mvt", "y"},
             {"1", " 1", "1.mvt", "x"},
             {"", "0", "0.mvt", "z"},
             {"99999999999999999999", "0", "0.mvt", "z"},
             {"1", "1", "1.png", "y"},
             {"1", "1", ".mvt", "y"},
         }) {
        auto e = error_of(z, x, y);
        CHECK(e.kind() == core::ErrorKind::invalid_input);
        CHECK(e.code() == "invalid-tile-address");
        REQUIRE(!e.fields().empty());
        CHECK(e.fields()[0].field == field);
    }
}

TEST_CASE("tile indexes outside the zoom's grid and zooms above 22 are refused", "[tiles]") {
    auto e = error_of("2", "4", "3.mvt");
    REQUIRE(e.fields().size() == 1);
    CHECK(e.fields()[0].field == "x");
    CHECK(e.fields()[0].message == "outside 0..3 at z2");
    auto both = error_of("0", "1", "1.mvt");
    CHECK(both.fields().size() == 2);
    CHECK(error_of("23", "0", "0.mvt").detail() == "z must be between 0 and 22");
    CHECK(error_of("99999999999999999999", "0", "0.mvt").fields()[0].message == "above 22");
    CHECK(error_of("3", "99999999999999999999", "0.mvt").fields()[0].message == "outside 0..7 at z3");
}

TEST_CASE("the service answers unknown layers and zooms beyond a layer with not_found", "[tiles]") {
    FakeStore store;
    store.bytes = "tile";
    tiles::TileCache cache(0);
    tiles::TileService service(tiles::LayerRegistry::embedded(), store, cache);
    REQUIRE(service.layers().find("municipalities") != nullptr);
    REQUIRE(service.layers().find("prefectures") != nullptr);
    CHECK(service.tile({"municipalities", {5, 28, 12}, {}}, false)->bytes == "tile");
    try {
        service.tile({"roads", {5, 28, 12}, {}}, false);
        FAIL("unknown layer accepted");
    } catch (const core::Error& e) {
        CHECK(e.kind() == core::ErrorKind::not_found);
        CHECK(e.code() == "unknown-layer");
    }
    const int maxzoom = service.layers().find("municipalities")->maxzoom;
    try {
        service.tile({"municipalities", {maxzoom + 1, 0, 0}, {}}, false);
        FAIL("zoom above the layer accepted");
    } catch (const core::Error& e) {
        CHECK(e.code() == "zoom-out-of-range");
    }
    CHECK(store.calls == 1);
}

TEST_CASE("tile filters parse from the closed purpose vocabulary into a canonical key", "[tiles]") {
    using Q = std::vector<std::pair<std::string, std::string>>;
    auto f1 = tiles::parse_tile_filter(Q{{"purpose", "人材育成を行いたい,新たな事業を行いたい"}, {"open", "true"}});
    auto f2 = tiles::parse_tile_filter(Q{{"open", "true"}, {"purpose", "新たな事業を行いたい"}, {"purpose", "人材育成を行いたい,新たな事業を行いたい"}});
    tiles::TileRequest a{"municipalities", {5, 28, 12}, f1};
    tiles::TileRequest b{"municipalities", {5, 28, 12}, f2};
    CHECK(a.key() == b.key());
    CHECK(f1.purposes == std::vector<std::string>{"新たな事業を行いたい", "人材育成を行いたい"});
    CHECK(tiles::TileRequest{"municipalities", {5, 28, 12}, {}}.key() == "municipalities/5/28/12");
    CHECK_FALSE(tiles::parse_tile_filter(Q{{"open", "false"}}).any());
    auto at = tiles::parse_tile_filter(Q{{"open", "true"}, {"at", "2026-08-15T09:00:00+09:00"}});
    CHECK(at.at == std::optional<std::string>("2026-08-15T00:00:00Z"));
    CHECK(tiles::parse_tile_filter(Q{{"open", "true"}, {"at", "2026-01-01T01:30:00.250-02:00"}}).at ==
          std::optional<std::string>("2026-01-01T03:30:00Z"));
}

TEST_CASE("unknown purposes, bad open/at values and unknown parameters are refused together", "[tiles]") {
    using Q = std::vector<std::pair<std::string, std::string>>;
    try {
        tiles::parse_tile_filter(Q{{"purpose", "補助金がほしい"}, {"open", "yes"}, {"at", "2026-02-30T00:00:00Z"}, {"zoom", "3"}});
        FAIL("accepted");
    } catch (const core::Error& e) {
        CHECK(e.code() == "invalid-tile-filter");
        std::vector<std::string> fields;
        for (const auto& p : e.fields()) fields.push_back(p.field);
        CHECK(fields == std::vector<std::string>{"purpose", "zoom", "open", "at", "at"});
        CHECK(e.fields()[0].message.find("まちづくり・地域振興支援がほしい") != std::string::npos);
    }
    for (const char* bad : {"2026-08-15", "2026-08-15T09:00:00", "2026-13-01T00:00:00Z", "2026-08-15T24:00:00Z",
                            "2025-02-29T00:00:00Z", "2026-08-15T09:00:00+9:00", "x"}) {
        INFO(bad);
        CHECK_THROWS_AS(tiles::parse_tile_filter(Q{{"open", "true"}, {"at", bad}}), core::Error);
    }
}
