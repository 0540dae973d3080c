#include "core/error.hpp"
#include "programmes/mirasapo_snapshot.hpp"
#include "programmes/n03_places.hpp"
#include "programmes/programme_snapshot.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace policymap;
using programmes::MirasapoRecord;

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string mirasapo(const char* file) { return programmes::test_support::data_dir() + "/mirasapo/" + file; }

const MirasapoRecord& row(const programmes::MirasapoSnapshot& snap, const std::string& id) {
    for (const auto& r : snap.records) {
        if (r.id == id) return r;
    }
    FAIL("no row " << id);
    throw;
}

const std::string header =
    "\xEF\xBB\xBFid,title,competent_authorities,prefectures,area,publish_date,unpublish_date,body\n";

}  // namespace

TEST_CASE("the real Mirasapo CSVs parse: BOM, JSON in fields, multi-line text", "[programmes]") {
    const auto path = mirasapo("supports-2022-12-15.csv");
    const auto text = read(path);
    REQUIRE(programmes::is_mirasapo_csv(text));
    const auto snap = programmes::parse_mirasapo(text, path);
    CHECK(snap.records.size() == 1092);
    CHECK(snap.captured == "2022-12-09T04:57:03Z");  // the latest last_modified_at in the file
    const auto& r = row(snap, "2462");
    CHECK(r.title == "長崎県小規模省エネ設備導入補助金");
    CHECK(r.subtitle == "省エネ補助金");
    REQUIRE(r.competent_authorities.size() == 1);
    CHECK(r.competent_authorities[0].id == "85");
    CHECK(r.competent_authorities[0].code == "42");
    CHECK(r.competent_authorities[0].name == "長崎県");
    CHECK(r.competent_authorities[0].kind == "lgov");
    CHECK(r.prefecture_ids == std::vector<std::string>{"42"});
    CHECK(r.publish_date == "2022-11-18");
    CHECK(r.unpublish_date == "2023-02-10");
    CHECK(r.reception_start_date == "2022-11-18");
    CHECK(r.reception_end_date == "2023-02-10");
    REQUIRE(r.body.has_value());
    CHECK(r.body->rfind("補助金額等  \n\t・補助率：3分の2以内（千円未満切捨）\n", 0) == 0);
    CHECK(std::count(r.body->begin(), r.body->end(), '\n') == 15);  // 16 in the file, the last one trailing
    CHECK(r.area.empty());

    const auto later = programmes::parse_mirasapo(read(mirasapo("supports-2023-10-01.csv")), "later.csv");
    CHECK(later.records.size() == 1112);  // columns in another order: found by name
    CHECK(later.captured == "2023-08-31T02:53:10Z");
}

TEST_CASE("a Mirasapo CSV is recognised by its header, not its name", "[programmes]") {
    const std::string csv = header + "7,t,\"[{\"\"id\"\":\"\"28\"\",\"\"name\"\":\"\"中小企業庁\"\",\"\"code\"\":\"\"00011-03\"\",\"\"kind\"\":\"\"gov\"\"}]\","
                                     "\"[{\"\"id\"\":\"\"1\"\",\"\"name\"\":\"\"北海道\"\"}]\",,2021-04-01,,\"a\nb\"\n";
    auto snap = programmes::parse_snapshot(csv, "download.json");
    REQUIRE(std::holds_alternative<programmes::MirasapoSnapshot>(snap));
    const auto& r = std::get<programmes::MirasapoSnapshot>(snap).records.at(0);
    CHECK(r.prefecture_ids == std::vector<std::string>{"1"});
    CHECK(r.body == "a\nb");
    CHECK(r.competent_authorities.at(0).code == "00011-03");
    CHECK_THROWS_AS(programmes::parse_snapshot("id;title\n1;x\n", "x.csv"), core::Error);
}

TEST_CASE("malformed Mirasapo rows are refused naming line, id and column", "[programmes]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(programmes::parse_mirasapo(header + "9,t,[oops,[],,,,\n", "f.csv"),
                      Contains("line 2 (id 9): competent_authorities is not valid JSON"));
    CHECK_THROWS_WITH(programmes::parse_mirasapo(header + "9,t,[],\"[{\"\"id\"\":\"\"48\"\"}]\",,,,\n", "f.csv"),
                      Contains("prefectures"));
    CHECK_THROWS_WITH(programmes::parse_mirasapo(header + "9,t,[],[],,2021-1--01,,\n", "f.csv"),
                      Contains("publish_date must be a date"));
    CHECK_THROWS_WITH(programmes::parse_mirasapo(header + "9,t,[],[],,2021/04/01,,\n", "f.csv"),
                      Contains("publish_date must be a date"));
    CHECK_THROWS_WITH(programmes::parse_mirasapo(header + "9,t,[],[],,,,\n9,u,[],[],,,,\n", "f.csv"),
                      Contains("appears twice"));
    CHECK_THROWS_WITH(programmes::parse_mirasapo(header + "9,t,[],[]\n", "f.csv"), Contains("fields"));
    CHECK_THROWS_WITH(programmes::parse_mirasapo(header + "9,t,[],[],,,,\"open\n", "f.csv"), Contains("not closed"));
    CHECK_THROWS_WITH(programmes::parse_mirasapo(header + "9,t,[1E400],[],,,,\n", "f.csv"),
                      Contains("competent_authorities is not valid JSON"));
}
