#include "tiles/tile_cache.hpp"

#include <catch2/catch.hpp>

using namespace policymap;

namespace {

std::shared_ptr<const tiles::CachedTile> tile(std::size_t bytes, std::vector<std::string> codes) {
    auto t = std::make_shared<tiles::CachedTile>();
    t->bytes = std::string(bytes, 'x');
    t->codes = std::move(codes);
    t->etag = "\"0123456789abcdef\"";
    return t;
}

}  // namespace

TEST_CASE("the tile cache keeps the most recently used tiles within its byte budget", "[tiles]") {
    tiles::TileCache cache(10'000);
    const auto v = cache.data_version();
    cache.put("a", tile(3000, {"13101"}), v);
    cache.put("b", tile(3000, {"13102"}), v);
    cache.put("c", tile(3000, {"13103"}), v);
    REQUIRE(cache.get("a") != nullptr);  // a is now more recent than b
    cache.put("d", tile(3000, {"13104"}), v);
    CHECK(cache.get("b") == nullptr);
    CHECK(cache.get("a") != nullptr);
    CHECK(cache.get("d") != nullptr);
    auto s = cache.stats();
    CHECK(s.bytes <= 10'000);
    CHECK(s.evictions >= 1);
    CHECK(s.hits == 3);
    CHECK(s.misses == 1);
}

TEST_CASE("invalidation drops only the tiles showing the changed areas and bumps the version", "[tiles]") {
    tiles::TileCache cache(1 << 20);
    const auto v = cache.data_version();
    cache.put("tokyo", tile(100, {"13", "13101", "13102"}), v);
    cache.put("sapporo", tile(100, {"01", "01101"}), v);
    cache.put("empty", tile(0, {}), v);
    cache.invalidate({"13102", "27100"});
    CHECK(cache.get("tokyo") == nullptr);
    CHECK(cache.get("sapporo") != nullptr);
    CHECK(cache.get("empty") != nullptr);
    CHECK(cache.data_version() == v + 1);
    CHECK(cache.stats().invalidated == 1);
    // A tile rendered before the change is not kept.
    cache.put("tokyo", tile(100, {"13101"}), v);
    CHECK(cache.get("tokyo") == nullptr);
    cache.clear();
    CHECK(cache.get("sapporo") == nullptr);
}

TEST_CASE("a zero budget turns the cache off", "[tiles]") {
    tiles::TileCache cache(0);
    cache.put("a", tile(10, {"13101"}), cache.data_version());
    CHECK(cache.get("a") == nullptr);
    CHECK(cache.stats().misses == 1);
}

TEST_CASE("after a change notice, tiles from a replica that has not replayed it are not kept", "[tiles]") {
    tiles::TileCache cache(100'000);
    cache.require_lsn(5000);
    const auto v = cache.data_version();
    cache.invalidate({"13101"});
    const auto after = cache.data_version();
    cache.put("stale", tile(100, {"13101"}), after, 4999);  // replica behind the change
    CHECK(cache.get("stale") == nullptr);
    cache.put("caught-up", tile(100, {"13101"}), after, 5000);
    CHECK(cache.get("caught-up") != nullptr);
    cache.put("primary", tile(100, {"13101"}), after);  // rendered on the primary: always current
    CHECK(cache.get("primary") != nullptr);
    cache.put("old", tile(100, {"13101"}), v, 6000);  // started before the notice
    CHECK(cache.get("old") == nullptr);
    cache.require_lsn(10);  // positions only move forward
    CHECK(cache.required_lsn() == 5000);
}
