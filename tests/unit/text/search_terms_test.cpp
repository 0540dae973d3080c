#include "text/search_terms.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using policymap::text::keyword_terms;
using policymap::text::reading_form;
using Terms = std::vector<std::string>;

TEST_CASE("keyword terms are NFKC words split at any white space", "[text]") {
    CHECK(keyword_terms("ＩＴ") == Terms{"IT"});
    CHECK(keyword_terms("創業\u3000補助") == Terms{"創業", "補助"});
    CHECK(keyword_terms("  ｿｳｷﾞｮｳ  ") == Terms{"ソウギョウ"});
    CHECK(keyword_terms("省エネ\t\n DX") == Terms{"省エネ", "DX"});
    CHECK(keyword_terms("").empty());
    CHECK(keyword_terms(" \u3000 ").empty());
}

TEST_CASE("keyword terms drop control characters and broken bytes", "[text]") {
    CHECK(keyword_terms("創\x01業") == Terms{"創業"});
    CHECK(keyword_terms("\xE6\x9D") .empty());
    CHECK(keyword_terms("a\u200bb") == Terms{"ab"});
}

TEST_CASE("readings fold katakana of either width into hiragana", "[text]") {
    CHECK(reading_form("ふちゅう") == "ふちゅう");
    CHECK(reading_form("フチュウ") == "ふちゅう");
    CHECK(reading_form("ﾌﾁｭｳ") == "ふちゅう");
    CHECK(reading_form("アオガシマ") == "あおがしま");
    CHECK(reading_form("ヶ") == "ゖ");
    CHECK(reading_form("ホッカイドー") == "ほっかいどー");
    CHECK(reading_form("府中").empty());
    CHECK(reading_form("ふちゅう市").empty());
    CHECK(reading_form("fuchu").empty());
}
