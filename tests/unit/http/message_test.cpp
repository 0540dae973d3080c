#include "core/error.hpp"
#include "http/message.hpp"

#include <catch2/catch.hpp>

using namespace policymap;

TEST_CASE("queries are split and percent-decoded in order, repeats kept", "[http]") {
    auto q = http::parse_query("q=%E5%89%B5%E6%A5%AD&purpose=a&purpose=b+c&flag&=x");
    REQUIRE(q.size() == 5);
    CHECK(q[0] == std::pair<std::string, std::string>{"q", "創業"});
    CHECK(q[1].second == "a");
    CHECK(q[2].second == "b c");
    CHECK(q[3] == std::pair<std::string, std::string>{"flag", ""});
    CHECK(q[4].first.empty());
}

TEST_CASE("malformed percent-encoding is refused", "[http]") {
    for (const char* bad : {"a=%", "a=%4", "a=%zz", "%G1=1"}) {
        CHECK_THROWS_AS(http::parse_query(bad), core::Error);
    }
    CHECK(http::percent_decode("/tiles/a%2Fb", false) == "/tiles/a/b");
    CHECK(http::percent_decode("a+b", false) == "a+b");
}

TEST_CASE("a parameter given twice where one is expected is refused", "[http]") {
    http::Request r;
    r.query = {{"lat", "1"}, {"lat", "2"}};
    CHECK_THROWS_AS(r.param("lat"), core::Error);
    CHECK_FALSE(r.param("lon").has_value());
}
