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
struct CountingStore : programmes::ProgrammeSearchStore {
    int searches = 0;
    std::int64_t version = 1;
    programmes::ProgrammeSearchResult search(const programmes::ProgrammeSearchSpec&) override {
        ++searches;
        programmes::ProgrammeSearchResult r;
        r.page.total = searches;
        return r;
    }
    std::optional<programmes::Programme> find(std::int64_t) override { return std::nullopt; }
    std::optional<std::int64_t> data_version() override { return version; }
};
}  // namespace

TEST_CASE("the search asks the store again once the data version moves", "[programmes]") {
    CountingStore store;
    programmes::ProgrammeSearch search(store);
    programmes::ProgrammeQuery q;
    q.area = "40203";
    q.at = "2026-08-20T00:00:00Z";
    CHECK(search.search(q).total == 1);
    CHECK(search.search(q).total == 1);
    CHECK(store.searches == 1);
    q.limit = 5;  // another question
    CHECK(search.search(q).total == 2);
    store.version = 2;  // a commit
    CHECK(search.search(q).total == 3);
    CHECK(store.searches == 3);
}
