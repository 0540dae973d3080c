#include "programmes/result_cache.hpp"

#include "programmes/programme_search.hpp"

#include <catch2/catch.hpp>

using namespace policymap;

TEST_CASE("a cached result is served only under the version it was made at", "[programmes]") {
    programmes::ResultCache<int> cache(2);
    cache.put("a", 1, 10);
    CHECK(cache.get("a", 1) == 10);
    CHECK_FALSE(cache.get("a", 2).has_value());
    CHECK_FALSE(cache.get("b", 1).has_value());
    cache.put("b", 1, 20);
    cache.put("c", 1, 30);  // full: starts over
    CHECK_FALSE(cache.get("a", 1).has_value());
    CHECK(cache.get("c", 1) == 30);
}

namespace {
// A store whose every page is read at data version `version`.
struct VersionedStore : programmes::ProgrammeSearchStore {
    std::int64_t version = 7;
    programmes::ProgrammeSearchResult search(const programmes::ProgrammeSearchSpec&) override {
        programmes::ProgrammeSearchResult r;
        r.page.data_version = version;
        return r;
    }
    std::optional<programmes::Programme> find(std::int64_t) override { return std::nullopt; }
};

// Windows change one hour after whatever moment is asked about.
struct HourlyWindows : programmes::Freshness {
    std::optional<std::int64_t> version() const override { return 7; }
    void refresh() override {}
    Clock::time_point valid_until(std::int64_t, Clock::time_point at) override { return at + std::chrono::hours(1); }
};
}  // namespace

TEST_CASE("a page about now holds until the next window change, one about a fixed moment while the data does",
          "[programmes]") {
    VersionedStore store;
    HourlyWindows windows;
    programmes::ProgrammeSearch search(store, &windows);
    CHECK(search.data_version() == 7);
    const auto before = programmes::Freshness::Clock::now();
    programmes::ProgrammeQuery now_q;
    auto page = search.search(now_q);
    REQUIRE(page.data_version == 7);
    CHECK(page.valid_until > before + std::chrono::minutes(59));
    CHECK(page.valid_until < before + std::chrono::minutes(61));

    programmes::ProgrammeQuery closing;
    closing.closing_within = 30;  // moves with the clock itself: a minute at most
    CHECK(search.search(closing).valid_until <= programmes::Freshness::Clock::now() + std::chrono::minutes(1));

    programmes::ProgrammeQuery fixed;
    fixed.at = "2026-08-20T00:00:00Z";
    CHECK(search.search(fixed).valid_until == programmes::Freshness::Clock::time_point::max());

    programmes::ProgrammeSearch unversioned(store);  // no freshness: nothing to cache by
    CHECK_FALSE(unversioned.search(now_q).data_version.has_value());
    CHECK_FALSE(unversioned.data_version().has_value());
}
