// programmes/ owns the SME support programmes and the areas they apply to:
// boundary and programme imports, coverage, lookups and searches. It depends
// on core, text, geo and db; it knows nothing of HTTP.
#pragma once

#include "programmes/freshness.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace policymap::programmes {

struct AreaRef {
    std::string code;
    std::string name;
    std::string level;  // prefecture, designated_city, municipality, ward
};

struct ProgrammeSummary {
    std::int64_t id = 0;
    std::string source;
    std::string source_id;
    std::string title;
    std::string scope;  // municipality, prefecture, national
};

struct LookupResult {
    AreaRef municipality;
    std::optional<AreaRef> designated_city;
    AreaRef prefecture;
    std::vector<ProgrammeSummary> programmes;
    // The data version the answer was read at (nullopt: unknown) and until
    // when it holds; a cache keeps it no longer (programmes::Freshness).
    std::optional<std::int64_t> data_version;
    Freshness::Clock::time_point valid_until = Freshness::Clock::time_point::min();
};

// The municipality or ward at a point, and the data version it was read at.
struct AreaAt {
    std::string code;
    std::optional<std::int64_t> data_version;
};

class LookupStore {
public:
    virtual ~LookupStore() = default;
    // The municipality or ward at the point (the lower code on a shared
    // boundary); nullopt off land.
    virtual std::optional<AreaAt> locate(double lon, double lat) = 0;
    // The municipality or ward `code` (one that locate gave), its designated
    // city and prefecture, and what applies there now.
    virtual LookupResult at_area(const std::string& code) = 0;
};

class LookupService {
public:
    // Without `freshness`, answers say nothing of their data version and are
    // not cached.
    explicit LookupService(LookupStore& store, Freshness* freshness = nullptr)
        : m_store(store), m_freshness(freshness) {}

    // Throws core::Error(invalid_input) for coordinates outside -90..90 / -180..180,
    // core::Error(not_found, "outside-japan") where no municipality lies at the point,
    // and what the store throws (unavailable, timeout).
    AreaAt locate(double lat, double lon);
    // What applies in the area that locate gave. Throws what the store throws.
    LookupResult at_area(const std::string& code);
    // locate, then at_area.
    LookupResult lookup(double lat, double lon);

private:
    LookupStore& m_store;
    Freshness* m_freshness;
};

}  // namespace policymap::programmes
