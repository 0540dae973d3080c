#include "text/normalize.hpp"

#include <catch2/catch.hpp>

#include <string>

using policymap::text::char_count;
using policymap::text::char_length;
using policymap::text::match_form;
using policymap::text::nfkc;

TEST_CASE("nfkc folds full-width, half-width and compatibility characters", "[text]") {
    CHECK(nfkc("ＩＴ関連企業誘致奨励金（第２期）") == "IT関連企業誘致奨励金(第2期)");
    CHECK(nfkc("ﾆｾｺ町") == "ニセコ町");
    CHECK(nfkc("⼩規模事業者持続化補助⾦") == "小規模事業者持続化補助金");
    CHECK(nfkc("【三重県\u3000鈴鹿市】") == "【三重県 鈴鹿市】");
    CHECK(nfkc("") == "");
}

TEST_CASE("match_form drops spaces, keeps line breaks and folds small ke", "[text]") {
    CHECK(match_form("【三重県\u3000鈴鹿市】") == "【三重県鈴鹿市】");
    CHECK(match_form("北海道 / 青森県\t/岩手県") == "北海道/青森県/岩手県");
    CHECK(match_form("相模原市\r\n山北町") == "相模原市\n山北町");
    CHECK(match_form("鶴ヶ島市・一ヵ所") == "鶴ケ島市・一カ所");
}

TEST_CASE("UTF-8 helpers step over whole characters", "[text]") {
    const std::string s = "a東𠮷";
    CHECK(char_length(s, 0) == 1);
    CHECK(char_length(s, 1) == 3);
    CHECK(char_length(s, 4) == 4);
    CHECK(char_count(s) == 3);
    const std::string broken = "\xE6\x9D";  // a truncated 3-byte sequence
    CHECK(char_length(broken, 0) == 1);
    CHECK(char_count(broken) == 2);
    CHECK(nfkc(broken) == "\xEF\xBF\xBD");  // U+FFFD
}
