#include "http/search_handlers.hpp"

#include "core/error.hpp"
#include "http/router.hpp"
#include "programmes/area_directory.hpp"
#include "programmes/lookup_service.hpp"
#include "programmes/programme_search.hpp"
#include "tiles/tile_service.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace policymap;
using nlohmann::json;

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

// Three programmes 1..3; pages of `limit` after the cursor.
struct FakeSearch : programmes::ProgrammeSearchStore {
    programmes::ProgrammeSearchSpec last;
    programmes::ProgrammeSearchResult search(const programmes::ProgrammeSearchSpec& spec) override {
        last = spec;
        programmes::ProgrammeSearchResult r;
        r.area_known = !spec.query.area || *spec.query.area != "99999";
        r.page.total = 3;
        std::int64_t from = spec.query.cursor ? spec.query.cursor->id + 1 : 1;
        for (std::int64_t id = from; id <= 3 && static_cast<std::int64_t>(r.page.items.size()) < spec.query.limit; ++id) {
            programmes::Programme p;
            p.id = id;
            p.source = "jgrants";
            p.title = "補助金" + std::to_string(id);
            p.status = "published";
            p.areas = {"JP"};
            r.page.items.push_back(p);
        }
        if (!r.page.items.empty() && r.page.items.back().id < 3) {
            r.page.next = programmes::ProgrammeCursor{spec.query.sort, std::to_string(r.page.items.back().id),
                                                       r.page.items.back().id};
        }
        return r;
    }
    std::optional<programmes::Programme> find(std::int64_t id) override {
        if (id != 1) return std::nullopt;
        programmes::Programme p;
        p.id = 1;
        p.title = "x";
        p.summary = "要約";
        p.version = 2;
        return p;
    }
};

struct FakeAreas : programmes::AreaStore {
    std::string name, reading;
    std::vector<programmes::AreaSummary> search(const std::string& n, const std::string& r, int) override {
        name = n;
        reading = r;
        programmes::AreaSummary a;
        a.code = "13206";
        a.name = "府中市";
        a.level = "municipality";
        a.prefecture = programmes::AreaRef{"13", "東京都", "prefecture"};
        return {a};
    }
    std::optional<programmes::AreaDetail> find(const std::string& code) override {
        if (code != "13206") return std::nullopt;
        programmes::AreaDetail d;
        d.area.code = code;
        d.parents = {{"13", "東京都", "prefecture"}};
        d.by_purpose = {{"新たな事業を行いたい", 4}};
        return d;
    }
};

struct Fixture {
    NoTiles tile_store;
    tiles::TileCache tile_cache{0};
    tiles::TileService tile_service{tiles::LayerRegistry::embedded(), tile_store, tile_cache};
    NoLookup lookup_store;
    programmes::LookupService lookup{lookup_store};
    http::StaticFiles web;
    FakeSearch search_store;
    programmes::ProgrammeSearch search{search_store};
    FakeAreas area_store;
    programmes::AreaDirectory areas{area_store};
    http::Router router{[this] {
        http::Services s{tile_service, lookup, web};
        s.search = &search;
        s.areas = &areas;
        return s;
    }()};

    http::Response get(const std::string& path, std::vector<std::pair<std::string, std::string>> query = {}) {
        http::Request r;
        r.method = "GET";
        r.path = path;
        r.query = std::move(query);
        r.request_id = "t";
        return router.handle(r);
    }
};

std::vector<std::string> fields_of(const http::Response& r) {
    std::vector<std::string> out;
    const auto body = json::parse(r.body);
    for (const auto& e : body["errors"]) out.push_back(e["field"].get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("moments are ISO 8601 with an offset, or a date meaning midnight in Japan", "[http]") {
    CHECK(http::parse_moment("at", "2026-08-20T00:00:00Z") == "2026-08-20T00:00:00Z");
    CHECK(http::parse_moment("at", "2026-08-20T09:00+09:00") == "2026-08-20T09:00:00+09:00");
    CHECK(http::parse_moment("at", "2026-08-20T09:00 0900") == "2026-08-20T09:00:00+09:00");
    CHECK(http::parse_moment("at", "2026-08-20T09:00:00.5-03:30") == "2026-08-20T09:00:00.5-03:30");
    CHECK(http::parse_moment("at", "2026-08-20") == "2026-08-20T00:00:00+09:00");
    for (const char* bad : {"", "now", "2026-02-30", "2026-13-01", "2026-08-20T24:00Z", "2026-08-20T09:00",
                            "2026-08-20T09:00+15:00", "20260820", "2026-08-20T09:00:00Zjunk", "0001-01-01"}) {
        INFO(bad);
        CHECK_THROWS_AS(http::parse_moment("at", bad), core::Error);
    }
}

TEST_CASE("programme search reports every malformed parameter by name", "[http]") {
    Fixture f;
    auto r = f.get("/v1/programmes", {{"area", "東京"},
                                      {"employees", "many"},
                                      {"open", "yes"},
                                      {"at", "tomorrow"},
                                      {"closing_within", "1.5"},
                                      {"sort", "cheapest"},
                                      {"limit", "ten"},
                                      {"purpse", "x"},
                                      {"q", "a"},
                                      {"q", "b"}});
    CHECK(r.status == 400);
    auto body = json::parse(r.body);
    CHECK(body["type"] == "/problems/invalid-parameter");
    auto fields = fields_of(r);
    for (const char* field : {"area", "employees", "open", "at", "closing_within", "sort", "limit", "purpse", "q"}) {
        INFO(field);
        CHECK(std::find(fields.begin(), fields.end(), field) != fields.end());
    }
}

TEST_CASE("a thousand unknown parameters get a short problem: twenty named, then a count", "[http]") {
    Fixture f;
    std::vector<std::pair<std::string, std::string>> query;
    for (int i = 0; i < 1500; ++i) query.emplace_back("junk" + std::to_string(i), "x");
    auto r = f.get("/v1/programmes", query);
    CHECK(r.status == 400);
    const auto fields = fields_of(r);
    CHECK(fields.size() == 21);
    CHECK(fields.front() == "junk0");
    CHECK(fields.back() == "(query)");
    CHECK(json::parse(r.body)["errors"].back()["message"] == "1480 more unknown parameters not listed");
    CHECK(r.body.size() < 20000);
}

TEST_CASE("limits, cursors, unknown purposes and areas are 400s naming the field", "[http]") {
    Fixture f;
    auto limit = f.get("/v1/programmes", {{"limit", "101"}});
    CHECK(limit.status == 400);
    CHECK(fields_of(limit) == std::vector<std::string>{"limit"});
    auto cursor = f.get("/v1/programmes", {{"cursor", "garbage!"}});
    CHECK(cursor.status == 400);
    CHECK(json::parse(cursor.body)["type"] == "/problems/invalid-cursor");
    auto purpose = f.get("/v1/programmes", {{"purpose", "新たな事業を行いたい,宇宙"}});
    CHECK(purpose.status == 400);
    auto errors = json::parse(purpose.body)["errors"];
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]["value"] == "宇宙");
    CHECK(errors[0]["message"].get<std::string>().find("まちづくり・地域振興支援がほしい") != std::string::npos);
    auto area = f.get("/v1/programmes", {{"area", "99999"}});
    CHECK(area.status == 400);
    CHECK(json::parse(area.body)["type"] == "/problems/unknown-area");
}

TEST_CASE("repeated and comma-separated purposes are the same filter", "[http]") {
    Fixture f;
    CHECK(f.get("/v1/programmes", {{"purpose", "新たな事業を行いたい"}, {"purpose", "事業を引き継ぎたい"}}).status == 200);
    auto repeated = f.search_store.last.query.purposes;
    CHECK(f.get("/v1/programmes", {{"purpose", "新たな事業を行いたい, 事業を引き継ぎたい"}}).status == 200);
    CHECK(f.search_store.last.query.purposes == repeated);
    CHECK(repeated.size() == 2);
}

TEST_CASE("the next link repeats the query with the cursor and leads to the next page", "[http]") {
    Fixture f;
    auto first = f.get("/v1/programmes", {{"q", "創業"}, {"limit", "2"}});
    REQUIRE(first.status == 200);
    auto body = json::parse(first.body);
    CHECK(body["total"] == 3);
    CHECK(body["items"].size() == 2);
    const auto next = body["next"].get<std::string>();
    CHECK(next.rfind("/v1/programmes?q=%E5%89%B5%E6%A5%AD&limit=2&cursor=", 0) == 0);
    auto cursor = next.substr(next.find("cursor=") + 7);
    auto second = json::parse(f.get("/v1/programmes", {{"q", "創業"}, {"limit", "2"}, {"cursor", cursor}}).body);
    CHECK(second["items"].size() == 1);
    CHECK(second["items"][0]["id"] == 3);
    CHECK(second["next"].is_null());
    // A cursor made for one sort is refused under another.
    CHECK(f.get("/v1/programmes", {{"sort", "amount"}, {"cursor", cursor}}).status == 400);
}

TEST_CASE("programme and area paths check their ids", "[http]") {
    Fixture f;
    CHECK(f.get("/v1/programmes/1").status == 200);
    CHECK(json::parse(f.get("/v1/programmes/1").body)["summary"] == "要約");
    CHECK(f.get("/v1/programmes/2").status == 404);
    CHECK(fields_of(f.get("/v1/programmes/abc")) == std::vector<std::string>{"id"});
    CHECK(f.get("/v1/programmes/99999999999999999999999").status == 400);
    CHECK(f.get("/v1/areas/13206").status == 200);
    CHECK(f.get("/v1/areas/13207").status == 404);
    CHECK(f.get("/v1/areas/1320").status == 400);
    CHECK(f.get("/v1/areas/東京").status == 400);
    CHECK(f.get("/v1/programmes/1/extra/more").status == 404);
}

TEST_CASE("area search needs q, keeps limit in range and folds kana", "[http]") {
    Fixture f;
    CHECK(fields_of(f.get("/v1/areas")) == std::vector<std::string>{"q"});
    CHECK(fields_of(f.get("/v1/areas", {{"q", "府中"}, {"limit", "51"}})) == std::vector<std::string>{"limit"});
    CHECK(fields_of(f.get("/v1/areas", {{"q", " "}})) == std::vector<std::string>{"q"});
    auto r = f.get("/v1/areas", {{"q", "ﾌﾁｭｳ"}});
    REQUIRE(r.status == 200);
    CHECK(f.area_store.reading == "ふちゅう");
    CHECK(f.area_store.name == "フチュウ");
    auto body = json::parse(r.body);
    CHECK(body["items"][0]["prefecture"]["name"] == "東京都");
    f.get("/v1/areas", {{"q", "府中"}});
    CHECK(f.area_store.reading.empty());
}

TEST_CASE("a parameter that is not text is a problem naming it, never an empty filter", "[http]") {
    Fixture f;
    for (const auto& [path, name, value] :
         std::vector<std::tuple<std::string, std::string, std::string>>{{"/v1/programmes", "q", "\xff\xfe"},
                                                                        {"/v1/programmes", "q", std::string(1, '\0')},
                                                                        {"/v1/programmes", "purpose", "\xe5\x89"},
                                                                        {"/v1/programmes", "area", "13\x01"},
                                                                        {"/v1/areas", "q", "\xc0\xaf"},
                                                                        {"/v1/areas", "q", "ふ\x7f"}}) {
        INFO(path << " " << name);
        auto r = f.get(path, {{name, value}});
        CHECK(r.status == 400);
        CHECK(fields_of(r) == std::vector<std::string>{name});
    }
    CHECK(f.get("/v1/areas", {{"q", "ふちゅう"}}).status == 200);
}
