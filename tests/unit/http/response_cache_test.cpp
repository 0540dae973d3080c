#include "http/response_cache.hpp"

#include <catch2/catch.hpp>

using namespace policymap;
using Clock = http::ResponseCache::Clock;

namespace {
http::Response body(const std::string& text) {
    http::Response r;
    r.body = text;
    r.set("Content-Type", "application/json");
    return r;
}
}  // namespace

TEST_CASE("a rendered answer is served only under its data version and before its window changes", "[http]") {
    http::ResponseCache cache(1 << 20);
    const auto later = Clock::now() + std::chrono::hours(1);
    cache.put("a", 3, later, body("{\"a\":1}"));
    auto hit = cache.get("a", 3);
    REQUIRE(hit != nullptr);
    CHECK(hit->body == "{\"a\":1}");
    CHECK(cache.get("a", 4) == nullptr);  // the data moved on: dropped
    CHECK(cache.get("a", 3) == nullptr);

    cache.put("b", 3, Clock::now() - std::chrono::seconds(1), body("old"));  // already past its window
    CHECK(cache.get("b", 3) == nullptr);

    cache.put("c", 5, later, body("new"));
    cache.put("c", 4, later, body("older data"));  // a slower request must not replace newer data
    REQUIRE(cache.get("c", 5) != nullptr);
    CHECK(cache.get("c", 5)->body == "new");
    const auto s = cache.stats();
    CHECK(s.entries == 1);
    CHECK(s.hits == 3);
}

TEST_CASE("the response cache keeps to its byte budget, least recently used out first", "[http]") {
    http::ResponseCache cache(80 * 1024);
    const auto later = Clock::now() + std::chrono::hours(1);
    const std::string kb(5000, 'x');
    for (int i = 0; i < 20; ++i) cache.put("k" + std::to_string(i), 1, later, body(kb));
    CHECK(cache.stats().bytes <= 80 * 1024);
    CHECK(cache.get("k0", 1) == nullptr);
    CHECK(cache.get("k19", 1) != nullptr);
    CHECK(cache.stats().entries < 20);

    http::ResponseCache off(0);
    off.put("a", 1, later, body("x"));
    CHECK(off.get("a", 1) == nullptr);
}
