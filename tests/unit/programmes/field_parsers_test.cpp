#include "programmes/field_parsers.hpp"
#include "programmes/gazetteer.hpp"

#include <catch2/catch.hpp>

using namespace policymap::programmes;

namespace {

Gazetteer small_gazetteer() {
    return Gazetteer({
        {"13", AreaLevel::prefecture, "東京都", "13", "", ""},
        {"13101", AreaLevel::municipality, "千代田区", "13", "13", ""},
        {"13206", AreaLevel::municipality, "府中市", "13", "13", ""},
        {"34", AreaLevel::prefecture, "広島県", "34", "", ""},
        {"34208", AreaLevel::municipality, "府中市", "34", "34", ""},
        {"14", AreaLevel::prefecture, "神奈川県", "14", "", ""},
        {"14100", AreaLevel::designated_city, "横浜市", "14", "14", ""},
        {"14104", AreaLevel::ward, "中区", "14", "14100", ""},
    });
}

std::string area(std::string_view text) {
    static const auto g = small_gazetteer();
    std::string why;
    auto code = resolve_area_reference(text, g, why);
    return code ? *code : "! " + why;
}

}  // namespace

TEST_CASE("the JIS X 0402 check digit agrees with the published six-digit codes", "[programmes]") {
    // 総務省 全国地方公共団体コード: 千代田区 131016, 札幌市 011002, 横浜市 141003, 大阪市 271004, 那覇市 472018.
    CHECK(jis_check_digit("13101") == '6');
    CHECK(jis_check_digit("01100") == '2');
    CHECK(jis_check_digit("14100") == '3');
    CHECK(jis_check_digit("27100") == '4');
    CHECK(jis_check_digit("47201") == '8');
}

TEST_CASE("areas are given as codes, six-digit codes or names", "[programmes]") {
    CHECK(area("13101") == "13101");
    CHECK(area("131016") == "13101");
    CHECK(area("１３１０１") == "13101");
    CHECK(area("131017").rfind("! wrong check digit", 0) == 0);
    CHECK(area("13") == "13");
    CHECK(area("13000") == "13");
    CHECK(area("全国") == "JP");
    CHECK(area("東京都") == "13");
    CHECK(area("千代田区") == "13101");
    CHECK(area("東京都府中市") == "13206");
    CHECK(area("広島県　府中市") == "34208");
    CHECK(area("横浜市") == "14100");
    CHECK(area("横浜市中区") == "14104");
    const auto ambiguous = area("府中市");
    CHECK(ambiguous.rfind("! ambiguous", 0) == 0);
    CHECK(ambiguous.find("13206") != std::string::npos);
    CHECK(ambiguous.find("34208") != std::string::npos);
    CHECK(area("99999") == "! no area has this code");
    CHECK(area("1310").rfind("! an area code", 0) == 0);
    CHECK(area("存在しない市") == "! no area has this name");
}

TEST_CASE("dates as offices write them", "[programmes]") {
    std::string why;
    auto iso = [&](std::string_view s, bool end = false) {
        auto i = parse_instant(s, end, why);
        return i ? i->iso : "! " + why;
    };
    CHECK(iso("2026/11/30") == "2026-11-30T00:00:00+09:00");
    CHECK(iso("2026-11-30", true) == "2026-11-30T23:59:59+09:00");
    CHECK(iso("２０２６／１１／３０") == "2026-11-30T00:00:00+09:00");
    CHECK(iso("令和8年11月30日") == "2026-11-30T00:00:00+09:00");
    CHECK(iso("令和８年１１月３０日") == "2026-11-30T00:00:00+09:00");
    CHECK(iso("令和元年5月1日") == "2019-05-01T00:00:00+09:00");
    CHECK(iso("平成31年4月30日") == "2019-04-30T00:00:00+09:00");
    CHECK(iso("2026年4月1日") == "2026-04-01T00:00:00+09:00");
    CHECK(iso("2026-11-30T17:00") == "2026-11-30T17:00:00+09:00");
    CHECK(iso("2026-09-09T08:00Z") == "2026-09-09T08:00:00+00:00");
    CHECK(iso("2026-02-30") == "! no such date");
    CHECK(iso("2026-13-01") == "! no such date");
    CHECK(iso("next friday").rfind("! not a date", 0) == 0);
    CHECK(iso("2026/11/30 noon").rfind("! a time", 0) == 0);
    auto a = parse_instant("2026-11-30", false, why);
    auto b = parse_instant("2026-11-30T00:00:00Z", false, why);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(b->epoch - a->epoch == 9 * 3600);
    CHECK(b->epoch == 1795996800);  // date -u -d 2026-11-30 +%s
}

TEST_CASE("amounts in yen with separators and units", "[programmes]") {
    std::string why;
    auto yen = [&](std::string_view s) -> long long {
        auto v = parse_yen(s, why);
        return v ? *v : -1;
    };
    CHECK(yen("1000000") == 1000000);
    CHECK(yen("1,000,000") == 1000000);
    CHECK(yen("１，０００，０００円") == 1000000);
    CHECK(yen("¥1,000,000") == 1000000);
    CHECK(yen("100万円") == 1000000);
    CHECK(yen("1億2,000万円") == 120000000);
    CHECK(yen("1.5億円") == 150000000);
    CHECK(yen("0") == 0);
    CHECK(yen("-5") == -1);
    CHECK(why == "must not be negative");
    CHECK(yen("1.5") == -1);
    CHECK(why == "must be a whole number of yen");
    CHECK(yen("万円") == -1);
    CHECK(yen("100万200億") == -1);
    CHECK(yen("about 100") == -1);
}

TEST_CASE("list cells split on slashes, semicolons and line breaks", "[programmes]") {
    CHECK(split_list("a / b") == std::vector<std::string>{"a", "b"});
    CHECK(split_list("a;b\nc|") == std::vector<std::string>{"a", "b", "c"});
    CHECK(split_list("  ").empty());
}
