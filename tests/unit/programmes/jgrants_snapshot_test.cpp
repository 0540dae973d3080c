#include "core/error.hpp"
#include "programmes/jgrants_snapshot.hpp"
#include "programmes/n03_places.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace policymap;

namespace {
std::string read(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}
}  // namespace

TEST_CASE("a real jGrants snapshot parses with its quirks mapped once", "[programmes]") {
    const auto path = programmes::test_support::data_dir() + "/jgrants/jgrants-2026-08-20.json";
    auto snap = programmes::parse_jgrants(read(path), path);
    CHECK(snap.records.size() == 307);
    CHECK(snap.captured == "2026-08-20T07:54:52+09:00");
    const programmes::JgrantsRecord* rec = nullptr;
    for (const auto& r : snap.records) {
        if (r.id == "a0WJ200000CDe7xMAD") rec = &r;
    }
    REQUIRE(rec != nullptr);
    CHECK(rec->subsidy_max_limit == 500000000);
    CHECK(rec->subsidy_rate == "１／２");
    CHECK(rec->use_purpose ==
          std::vector<std::string>{"研究開発・実証事業を行いたい", "設備整備・IT導入をしたい", "エコ・SDGs活動支援がほしい"});
    CHECK(rec->industry == std::vector<std::string>{"運輸業、郵便業"});
    CHECK(rec->acceptance_end_datetime == "2026-09-09T08:00Z");
    std::size_t unstated = 0;
    for (const auto& r : snap.records) unstated += r.subsidy_max_limit.has_value() ? 0 : 1;
    CHECK(unstated > 0);  // jGrants' 0 means "not stated"
}

TEST_CASE("list fields split on slashes with or without spaces", "[programmes]") {
    CHECK(programmes::split_jgrants_list("北海道 / 青森県/岩手県 /  ") == std::vector<std::string>{"北海道", "青森県", "岩手県"});
    CHECK(programmes::split_jgrants_list("").empty());
}

TEST_CASE("malformed snapshots are refused naming file, record and field", "[programmes]") {
    CHECK_THROWS_AS(programmes::parse_jgrants("{", "x.json"), core::Error);
    try {
        programmes::parse_jgrants(R"({"subsidies":[{"id":"a","title":"t"},{"id":"b"}]})", "x.json");
        FAIL("missing title accepted");
    } catch (const core::Error& e) {
        CHECK(e.detail() == "x.json: record 1: title is missing");
    }
    try {
        programmes::parse_jgrants(R"([{"id":"a","title":"t","subsidy_max_limit":"lots"}])", "y.json");
        FAIL("text amount accepted");
    } catch (const core::Error& e) {
        CHECK(e.fields().at(0).field == "subsidy_max_limit");
    }
    auto single = programmes::parse_jgrants(R"({"id":"a","title":"t","subsidy_max_limit":0})", "one.json");
    REQUIRE(single.records.size() == 1);
    CHECK_FALSE(single.records[0].subsidy_max_limit.has_value());
}

TEST_CASE("a jGrants file with a number too large for a double is refused as invalid, not a crash", "[programmes]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(programmes::parse_jgrants(R"([{"id": "x", "title": "t", "subsidy_max_limit": 1E400}])", "big.json"),
                      Contains("big.json: not valid JSON"));
}
