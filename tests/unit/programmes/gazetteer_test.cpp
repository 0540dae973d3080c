#include "programmes/gazetteer.hpp"

#include "n03_places.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using policymap::programmes::AreaLevel;
using policymap::programmes::Gazetteer;
using policymap::programmes::N03Properties;
using policymap::programmes::Place;
using policymap::programmes::places_from_n03;
using policymap::programmes::prefecture_code;
using policymap::programmes::prefecture_name;
using policymap::programmes::test_support::n03_gazetteer;

namespace {

std::vector<std::string> codes_of(const std::vector<const Place*>& places) {
    std::vector<std::string> codes;
    for (const Place* p : places) {
        codes.push_back(p->code);
    }
    std::sort(codes.begin(), codes.end());
    return codes;
}

std::size_t count_level(const Gazetteer& g, AreaLevel level) {
    return static_cast<std::size_t>(
        std::count_if(g.places().begin(), g.places().end(), [level](const Place& p) { return p.level == level; }));
}

}  // namespace

TEST_CASE("the N03 boundaries give 47 prefectures, 20 designated cities and 175 wards", "[programmes]") {
    const Gazetteer& g = n03_gazetteer();
    CHECK(count_level(g, AreaLevel::prefecture) == 47);
    CHECK(count_level(g, AreaLevel::designated_city) == 20);
    CHECK(count_level(g, AreaLevel::ward) == 175);
    // 1,902 coded features: municipalities (with Tokyo's special wards and the
    // six Northern Territories villages) plus the wards.
    CHECK(count_level(g, AreaLevel::municipality) + count_level(g, AreaLevel::ward) == 1902);
}

TEST_CASE("a designated city takes the lowest ward code floored to ten", "[programmes]") {
    const Gazetteer& g = n03_gazetteer();
    const Place* yokohama = g.find("14100");
    REQUIRE(yokohama != nullptr);
    CHECK(yokohama->level == AreaLevel::designated_city);
    CHECK(yokohama->name == "横浜市");
    CHECK(yokohama->parent_code == "14");
    CHECK(g.children("14100").size() == 18);

    const Place* naka = g.find("14104");
    REQUIRE(naka != nullptr);
    CHECK(naka->level == AreaLevel::ward);
    CHECK(naka->name == "中区");
    CHECK(naka->parent_code == "14100");
    CHECK(naka->pref_code == "14");

    for (const char* code : {"01100", "14150", "22130", "26100", "27140", "40100", "40130", "43100"}) {
        REQUIRE(g.find(code) != nullptr);
        CHECK(g.find(code)->level == AreaLevel::designated_city);
    }
    // Tokyo's special wards are municipalities of the prefecture.
    const Place* chiyoda = g.find("13101");
    REQUIRE(chiyoda != nullptr);
    CHECK(chiyoda->level == AreaLevel::municipality);
    CHECK(chiyoda->parent_code == "13");
    CHECK(g.find("13100") == nullptr);
}

TEST_CASE("counties and island sub-prefectures are kept with their towns", "[programmes]") {
    const Gazetteer& g = n03_gazetteer();
    REQUIRE(g.find("02445") != nullptr);
    CHECK(g.find("02445")->county == "三戸郡");
    CHECK(g.find("13361")->county == "大島支庁");
    CHECK(g.find("13201")->county.empty());
    const auto sannohe = codes_of(g.in_county("三戸郡"));
    CHECK(std::find(sannohe.begin(), sannohe.end(), "02445") != sannohe.end());
}

TEST_CASE("names are looked up in any width, wards alone or with their city", "[programmes]") {
    const Gazetteer& g = n03_gazetteer();
    CHECK(codes_of(g.named("横浜市中区")) == std::vector<std::string>{"14104"});
    CHECK(g.named("中区").size() == 6);
    CHECK(codes_of(g.named("府中市")) == std::vector<std::string>{"13206", "34208"});
    CHECK(codes_of(g.named("ﾆｾｺ町")) == std::vector<std::string>{"01395"});
    CHECK(codes_of(g.named("鶴ケ島市")) == std::vector<std::string>{"11241"});
    CHECK(codes_of(g.named("福岡市")) == std::vector<std::string>{"40130"});
    CHECK(g.named("東京都").empty());  // prefectures come from prefecture_code()
}

TEST_CASE("a prefecture divides into municipalities and designated cities, not wards", "[programmes]") {
    const auto aichi = codes_of(n03_gazetteer().children("23"));
    CHECK(std::find(aichi.begin(), aichi.end(), "23100") != aichi.end());
    CHECK(std::find(aichi.begin(), aichi.end(), "23101") == aichi.end());
    CHECK(std::find(aichi.begin(), aichi.end(), "23202") != aichi.end());
    CHECK(n03_gazetteer().children("23202").empty());
}

TEST_CASE("names_at lists the names starting at a position, longest first", "[programmes]") {
    const Gazetteer& g = n03_gazetteer();
    const std::string text = "東京都府中市";
    CHECK(g.names_at(text, 0) == std::vector<std::size_t>{std::string("東京都").size()});
    CHECK(g.names_at(text, std::string("東京都").size()) == std::vector<std::size_t>{std::string("府中市").size()});
    const std::string ward = "横浜市中区";
    CHECK(g.names_at(ward, 0) == std::vector<std::size_t>{ward.size(), std::string("横浜市").size()});
    CHECK(g.names_at("補助金", 0).empty());
}

TEST_CASE("places_from_n03 skips undetermined areas and repeated polygon rows", "[programmes]") {
    const std::vector<N03Properties> rows{
        {"東京都", "", "", "千代田区", "13101"},
        {"東京都", "", "", "所属未定地", ""},
        {"東京都", "", "大島支庁", "大島町", "13361"},
        {"東京都", "", "大島支庁", "大島町", "13361"},  // an island: another polygon of the same town
        {"神奈川県", "", "横浜市", "西区", "14103"},
        {"神奈川県", "", "横浜市", "鶴見区", "14101"},
    };
    const std::vector<Place> places = places_from_n03(rows);
    const Gazetteer g(places);
    CHECK(places.size() == 2 + 1 + 2 + 2);  // prefectures, 横浜市, wards, Tokyo towns
    REQUIRE(g.find("14100") != nullptr);
    CHECK(g.find("14103")->parent_code == "14100");
    CHECK(g.find("13361")->county == "大島支庁");
    CHECK(g.find("13")->level == AreaLevel::prefecture);
    CHECK(g.find("13")->name == "東京都");
}

TEST_CASE("prefecture names and JIS codes", "[programmes]") {
    CHECK(prefecture_code("東京都") == "13");
    CHECK(prefecture_code("北海道") == "01");
    CHECK(prefecture_code("沖縄県") == "47");
    CHECK_FALSE(prefecture_code("東京").has_value());
    CHECK(prefecture_code("東京", true) == "13");
    CHECK(prefecture_code("京都", true) == "26");
    CHECK_FALSE(prefecture_code("京都市", true).has_value());
    CHECK(prefecture_name("13") == "東京都");
    CHECK(prefecture_name("48").empty());
    CHECK(prefecture_name("1").empty());
}
