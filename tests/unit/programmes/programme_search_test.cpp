#include "programmes/programme_search.hpp"

#include "core/error.hpp"
#include "programmes/vocabulary.hpp"

#include <catch2/catch.hpp>

#include <functional>

using namespace policymap;
using programmes::ProgrammeSort;

namespace {

struct FakeStore : programmes::ProgrammeSearchStore {
    programmes::ProgrammeSearchSpec last;
    bool area_known = true;
    programmes::ProgrammeSearchResult search(const programmes::ProgrammeSearchSpec& spec) override {
        last = spec;
        programmes::ProgrammeSearchResult r;
        r.area_known = area_known;
        return r;
    }
    std::optional<programmes::Programme> find(std::int64_t id) override {
        if (id != 7) return std::nullopt;
        programmes::Programme p;
        p.id = 7;
        return p;
    }
};

core::Error error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const core::Error& e) {
        return e;
    }
    FAIL("no error thrown");
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("cursors round-trip and refuse anything the server did not make", "[programmes]") {
    programmes::ProgrammeCursor c{ProgrammeSort::amount, "-500000000", 42};
    auto text = programmes::encode_cursor(c);
    CHECK(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
    auto back = programmes::decode_cursor(text, ProgrammeSort::amount);
    CHECK(back.key == "-500000000");
    CHECK(back.id == 42);
    auto inf = programmes::decode_cursor(programmes::encode_cursor({ProgrammeSort::deadline, "Infinity", 3}),
                                         ProgrammeSort::deadline);
    CHECK(inf.key == "Infinity");

    for (const auto& bad : std::vector<std::string>{"", "!!!!", "abc", "eyJ4IjoxfQ", std::string(300, 'A')}) {
        INFO(bad);
        auto e = error_of([&] { programmes::decode_cursor(bad, ProgrammeSort::deadline); });
        CHECK(e.code() == "invalid-cursor");
        REQUIRE(e.fields().size() == 1);
        CHECK(e.fields()[0].field == "cursor");
    }
    // A key that is not a number would reach SQL as text: refused here.
    auto injected = programmes::encode_cursor({ProgrammeSort::deadline, "1); DROP TABLE programmes; --", 3});
    CHECK(error_of([&] { programmes::decode_cursor(injected, ProgrammeSort::deadline); }).code() == "invalid-cursor");
    // A cursor belongs to its sort.
    auto e = error_of([&] { programmes::decode_cursor(text, ProgrammeSort::deadline); });
    CHECK(e.fields()[0].message.find("sort=amount") != std::string::npos);
}

TEST_CASE("the search names every bad field with the allowed values", "[programmes]") {
    FakeStore store;
    programmes::ProgrammeSearch search(store);
    programmes::ProgrammeQuery q;
    q.purposes = {"新たな事業を行いたい", "宇宙旅行がしたい"};
    q.industries = {"製造業", "海賊業"};
    q.source = "twitter";
    q.limit = 101;
    q.employees = -1;
    q.closing_within = 9999;
    auto e = error_of([&] { search.search(q); });
    CHECK(e.kind() == core::ErrorKind::invalid_input);
    CHECK(e.code() == "invalid-parameter");
    REQUIRE(e.fields().size() == 6);
    CHECK(e.fields()[0].field == "purpose");
    CHECK(e.fields()[0].value == "宇宙旅行がしたい");
    CHECK(e.fields()[0].message.find("設備整備・IT導入をしたい") != std::string::npos);
    CHECK(e.fields()[1].field == "industry");
    CHECK(e.fields()[1].value == "海賊業");
    CHECK(e.fields()[2].field == "source");
    CHECK(e.fields()[3].field == "limit");
    CHECK(e.fields()[3].message.find("100") != std::string::npos);
    CHECK(e.fields()[4].field == "employees");
    CHECK(e.fields()[5].field == "closing_within");
}

TEST_CASE("vocabulary values match after NFKC and are passed on canonically", "[programmes]") {
    FakeStore store;
    programmes::ProgrammeSearch search(store);
    programmes::ProgrammeQuery q;
    q.purposes = {"災害(自然災害、感染症等)支援がほしい", "設備整備・ＩＴ導入をしたい"};
    q.keywords = "ＩＴ　創業";
    search.search(q);
    CHECK(store.last.query.purposes ==
          std::vector<std::string>{"災害（自然災害、感染症等）支援がほしい", "設備整備・IT導入をしたい"});
    CHECK(store.last.terms == std::vector<std::string>{"IT", "創業"});
    CHECK(programmes::purposes().size() == 15);
    CHECK(programmes::industries().size() == 20);
}

TEST_CASE("a blank keyword query filters nothing; an unknown area is a 400", "[programmes]") {
    FakeStore store;
    programmes::ProgrammeSearch search(store);
    programmes::ProgrammeQuery q;
    q.keywords = " \u3000";
    search.search(q);
    CHECK_FALSE(store.last.query.keywords.has_value());
    store.area_known = false;
    q.area = "99999";
    auto e = error_of([&] { search.search(q); });
    CHECK(e.code() == "unknown-area");
    CHECK(e.fields()[0].field == "area");
    CHECK(e.fields()[0].value == "99999");
    CHECK(error_of([&] { search.get(8); }).kind() == core::ErrorKind::not_found);
    CHECK(search.get(7).id == 7);
}
