#include "auth/principal.hpp"
#include "auth/token.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace policymap::auth;

TEST_CASE("SHA-256 matches the FIPS 180-2 test vector", "[auth]") {
    const auto d = sha256("abc");
    static const unsigned char expected[] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
                                             0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
                                             0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    CHECK(std::equal(d.begin(), d.end(), std::begin(expected)));
    CHECK(same_digest(d, sha256("abc")));
    CHECK_FALSE(same_digest(d, sha256("abd")));
}

TEST_CASE("tokens are random, name their row and parse back", "[auth]") {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) seen.insert(new_secret());
    CHECK(seen.size() == 50);
    const auto secret = *seen.begin();
    CHECK(secret.size() == 43);
    const auto token = format_token(42, secret);
    auto parts = parse_token(token);
    REQUIRE(parts);
    CHECK(parts->id == 42);
    CHECK(parts->secret == secret);
}

TEST_CASE("malformed tokens are refused before any lookup", "[auth]") {
    const std::string secret(43, 'A');
    CHECK_FALSE(parse_token(""));
    CHECK_FALSE(parse_token("Bearer pmt_1_" + secret));
    CHECK_FALSE(parse_token("pmt__" + secret));
    CHECK_FALSE(parse_token("pmt_-1_" + secret));
    CHECK_FALSE(parse_token("pmt_1_" + secret.substr(1)));
    CHECK_FALSE(parse_token("pmt_1_" + secret + "A"));
    CHECK_FALSE(parse_token("pmt_1_" + secret.substr(1) + "="));
    CHECK_FALSE(parse_token("pmt_1' OR '1'='1_" + secret));
    CHECK(parse_token("pmt_1_" + secret));
}

TEST_CASE("a principal acts on its reach, an admin everywhere", "[auth]") {
    Principal p;
    p.reach = {"13", "13101"};
    CHECK(p.may_act_on("13101"));
    CHECK_FALSE(p.may_act_on("14100"));
    CHECK_FALSE(p.may_act_on("JP"));
    p.admin = true;
    CHECK(p.may_act_on("JP"));
}
