#include "programmes/gazetteer.hpp"
#include "programmes/programme_edit.hpp"

#include <catch2/catch.hpp>

using namespace policymap::programmes;
using nlohmann::json;

namespace {

const Gazetteer& gazetteer() {
    static const Gazetteer g({
        {"13", AreaLevel::prefecture, "東京都", "13", "", ""},
        {"13101", AreaLevel::municipality, "千代田区", "13", "13", ""},
        {"14", AreaLevel::prefecture, "神奈川県", "14", "", ""},
        {"14100", AreaLevel::designated_city, "横浜市", "14", "14", ""},
    });
    return g;
}

Editor chiyoda() {
    Editor e;
    e.agency_id = 7;
    e.agency_name = "千代田区";
    e.granted = {"13101"};
    e.reach = {"13101"};
    return e;
}

std::vector<std::string> fields_of(const std::vector<policymap::core::FieldProblem>& ps) {
    std::vector<std::string> out;
    for (const auto& p : ps) out.push_back(p.field);
    return out;
}

}  // namespace

TEST_CASE("every problem of a programme is reported at once", "[programmes]") {
    json doc = {{"title", ""},
                {"areas", {"99999", "131017"}},
                {"purposes", {"新たな事業を行いたい", "空を飛びたい"}},
                {"industries", "製造業 / 宇宙業"},
                {"max_amount", -1},
                {"acceptance_start", "2026-12-01"},
                {"acceptance_end", "2026/11/30"},
                {"url", "javascript:alert(1)"},
                {"status", "closed"},
                {"colour", "red"}};
    auto v = validate_programme(doc, gazetteer(), chiyoda());
    CHECK(fields_of(v.problems) == std::vector<std::string>{"colour", "title", "purposes", "industries", "areas", "areas",
                                                            "max_amount", "acceptance_end", "url", "status"});
    for (const auto& p : v.problems) CHECK_FALSE(p.message.empty());
    CHECK(v.problems[2].value == "空を飛びたい");
    CHECK(v.problems[2].message.find("新たな事業を行いたい") != std::string::npos);  // lists the allowed values
}

TEST_CASE("a valid programme is normalised and canonical", "[programmes]") {
    json doc = {{"title", "  ＤＸ推進補助金  "},
                {"areas", "千代田区"},
                {"purposes", "災害(自然災害、感染症等)支援がほしい"},
                {"max_amount", "100万円"},
                {"acceptance_start", "令和8年4月1日"},
                {"acceptance_end", "2026/11/30"},
                {"url", "https://www.city.chiyoda.lg.jp/"},
                {"status", "published"},
                {"id", 5},
                {"version", 3}};
    auto v = validate_programme(doc, gazetteer(), chiyoda());
    CHECK(v.problems.empty());
    CHECK(v.outside.empty());
    CHECK(v.fields.title == "DX推進補助金");
    CHECK(v.fields.areas == std::vector<std::string>{"13101"});
    CHECK(v.fields.purposes == std::vector<std::string>{"災害（自然災害、感染症等）支援がほしい"});
    CHECK(v.fields.max_amount == 1000000);
    CHECK(v.fields.acceptance_end == "2026-11-30T23:59:59+09:00");
}

TEST_CASE("hostile text is kept verbatim after NFKC", "[programmes]") {
    const std::string hostile = "'); DROP TABLE programmes;-- <script>alert(\"x\")</script>\x01\x1b[31m";
    json doc = {{"title", hostile}, {"summary", hostile}, {"areas", {"13101"}}};
    auto v = validate_programme(doc, gazetteer(), chiyoda());
    CHECK(v.problems.empty());
    CHECK(v.fields.title == hostile);
    CHECK(v.fields.summary == hostile);
    json nul = {{"title", std::string("a\0b", 3)}, {"areas", {"13101"}}};
    CHECK(fields_of(validate_programme(nul, gazetteer(), chiyoda()).problems) == std::vector<std::string>{"title"});
}

TEST_CASE("areas outside the jurisdiction are named separately", "[programmes]") {
    json doc = {{"title", "x"}, {"areas", {"13101", "14100", "JP"}}};
    auto v = validate_programme(doc, gazetteer(), chiyoda());
    CHECK(v.problems.empty());
    REQUIRE(v.outside.size() == 2);
    CHECK(v.outside[0].value == "14100");
    CHECK(v.outside[0].message.find("outside the jurisdiction of 千代田区") != std::string::npos);
    CHECK(v.outside[1].message == "only an admin agency may place national programmes");
    Editor admin;
    admin.admin = true;
    CHECK(validate_programme(doc, gazetteer(), admin).outside.empty());
}

TEST_CASE("titles are bounded", "[programmes]") {
    std::string long_title;
    for (int i = 0; i < 201; ++i) long_title += "長";
    auto v = validate_programme(json{{"title", long_title}, {"areas", "13101"}}, gazetteer(), chiyoda());
    CHECK(fields_of(v.problems) == std::vector<std::string>{"title"});
}
