#include "http/ogc_handlers.hpp"

#include "core/error.hpp"
#include "programmes/feature_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace policymap;

namespace {

// Records the query the handler built; answers with `matched` and one feature per call.
class FakeFeatures : public programmes::FeatureStore {
public:
    programmes::FeatureQuery last;
    std::int64_t matched = 47;
    programmes::FeaturePage items(const programmes::FeatureQuery& q) override {
        last = q;
        programmes::FeaturePage page;
        page.matched = matched;
        for (std::int64_t i = 0; i < q.limit && q.offset + i < matched; ++i) {
            page.features.push_back(R"({"type":"Feature","id":")" + std::to_string(q.offset + i) +
                                    R"(","geometry":null,"properties":{}})");
        }
        return page;
    }
    std::optional<std::string> item(programmes::FeatureCollection, const std::string& id, int) override {
        if (id != "13") return std::nullopt;
        return R"({"type":"Feature","id":"13","geometry":null,"properties":{"name":"東京都"}})";
    }
    std::map<std::int64_t, std::string> programme_geometries(const std::vector<std::int64_t>&) override { return {}; }
    std::vector<programmes::AreaRow> areas(const std::optional<std::vector<std::string>>&, bool,
                                           const std::optional<std::string>&, int) override {
        return {};
    }
};

http::Request get(const std::string& path, const std::string& query = "") {
    http::Request r;
    r.method = "GET";
    r.path = path;
    r.query = http::parse_query(query);
    r.headers["host"] = "example.org";
    r.request_id = "t";
    return r;
}

std::vector<std::string> split(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        out.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return out;
}

http::Response call(FakeFeatures& store, const std::string& path, const std::string& query = "") {
    return http::handle_ogc(get(path, query), store, split(path));
}

std::string field_of(FakeFeatures& store, const std::string& path, const std::string& query) {
    try {
        call(store, path, query);
    } catch (const core::Error& e) {
        REQUIRE(!e.fields().empty());
        return e.fields().front().field;
    }
    return "";
}

}  // namespace

TEST_CASE("OGC items: bbox axis order follows bbox-crs, limit is capped, links page on", "[http][ogc]") {
    FakeFeatures store;
    auto r = call(store, "/ogc/collections/prefectures/items", "bbox=35.6,139.7,35.7,139.8&bbox-crs=EPSG:6668&limit=20");
    REQUIRE(store.last.bbox);
    CHECK((*store.last.bbox)[0] == Approx(139.7).margin(1e-6));
    CHECK((*store.last.bbox)[1] == Approx(35.6).margin(1e-6));
    CHECK((*store.last.bbox)[2] == Approx(139.8).margin(1e-6));
    CHECK((*store.last.bbox)[3] == Approx(35.7).margin(1e-6));
    auto j = nlohmann::json::parse(r.body);
    CHECK(j["numberMatched"] == 47);
    CHECK(j["numberReturned"] == 20);
    std::string next;
    for (const auto& l : j["links"]) {
        if (l["rel"] == "next") next = l["href"];
    }
    CHECK(next == "http://example.org/ogc/collections/prefectures/items?bbox=35.6%2C139.7%2C35.7%2C139.8&bbox-crs=EPSG%3A6668"
                  "&limit=20&offset=20");

    call(store, "/ogc/collections/municipalities/items", "limit=100000");
    CHECK(store.last.limit == 1000);
    call(store, "/ogc/collections/municipalities/items", "limit=99999999999999999999");
    CHECK(store.last.limit == 1000);
    // 創業 purpose "新たな事業を行いたい", percent-encoded.
    call(store, "/ogc/collections/programmes/items",
         "datetime=2026-12-01/..&purpose=%E6%96%B0%E3%81%9F%E3%81%AA%E4%BA%8B%E6%A5%AD%E3%82%92%E8%A1%8C%E3%81%84%E3%81%9F%E3%81%84"
         "&source=jgrants&area=13101");
    CHECK(store.last.datetime_start == "2026-12-01T00:00:00+09:00");
    CHECK_FALSE(store.last.datetime_end);
    CHECK(store.last.properties.at("purpose") == "新たな事業を行いたい");
    CHECK(store.last.properties.at("source") == "jgrants");
    CHECK(store.last.properties.at("area") == "13101");
    auto item = call(store, "/ogc/collections/prefectures/items/13", "crs=EPSG:3857");
    CHECK(item.body.find("東京都") != std::string::npos);
}

TEST_CASE("OGC: bad parameters are named, unknown things are 404", "[http][ogc]") {
    FakeFeatures store;
    const std::string items = "/ogc/collections/municipalities/items";
    CHECK(field_of(store, items, "bbox=1,2,3") == "bbox");
    CHECK(field_of(store, items, "bbox=200,0,201,1") == "bbox");
    CHECK(field_of(store, items, "limit=0") == "limit");
    CHECK(field_of(store, items, "offset=x") == "offset");
    CHECK(field_of(store, items, "crs=EPSG:6677") == "crs");  // bbox-crs only
    CHECK(field_of(store, items, "bbox-crs=EPSG:6668") == "bbox-crs");  // without bbox
    CHECK(field_of(store, items, "datetime=2026-12-01") == "datetime");  // programmes only
    CHECK(field_of(store, "/ogc/collections/programmes/items", "datetime=../..") == "datetime");
    CHECK(field_of(store, items, "f=html") == "f");
    // Beyond the Web Mercator world and far from any plane rectangular origin: refused before PROJ.
    CHECK(field_of(store, items, "bbox=0,0,1e30,1e30&bbox-crs=EPSG:3857") == "bbox");
    CHECK(field_of(store, items, "bbox=0,0,9e6,9e6&bbox-crs=EPSG:6677") == "bbox");
    CHECK(field_of(store, items, "bbox=-3000000,-3000000,3000000,3000000&bbox-crs=EPSG:6677") == "bbox");
    CHECK(field_of(store, items, "offset=2147483648") == "offset");
    CHECK(field_of(store, "/ogc/collections/programmes/schema", "f=html") == "f");
    // Reversed intervals and filter values that can match nothing.
    const std::string programmes = "/ogc/collections/programmes/items";
    CHECK(field_of(store, programmes, "datetime=2026-09-30/2026-09-01") == "datetime");
    CHECK(field_of(store, programmes, "datetime=2026-09-01T12:00:00%2B09:00/2026-09-01T02:00:00Z") == "datetime");
    CHECK(field_of(store, programmes, "datetime=2026-09-01T10:00:00%2B09:00/2026-09-01T02:00:00Z").empty());  // 01:00Z..02:00Z
    CHECK(field_of(store, programmes, "purpose=foo") == "purpose");
    CHECK(field_of(store, programmes, "source=JGRANTS") == "source");
    CHECK(field_of(store, programmes, "area=99") == "area");
    CHECK(field_of(store, items, "level=prefecture") == "level");
    CHECK(field_of(store, items, "pref_code=1") == "pref_code");
    CHECK_THROWS_AS(call(store, "/ogc/collections/rivers/items"), core::Error);
    try {
        call(store, "/ogc/collections/prefectures/items/99");
        FAIL("no 404");
    } catch (const core::Error& e) {
        CHECK(e.kind() == core::ErrorKind::not_found);
        CHECK(e.code() == "feature-not-found");
    }
}
