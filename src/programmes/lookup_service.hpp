// programmes/ owns the SME support programmes and the areas they apply to:
// boundary and programme imports, coverage, lookups and searches. It depends
// on core, text, geo and db; it knows nothing of HTTP.
#pragma once

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
};

class LookupStore {
public:
    virtual ~LookupStore() = default;
    // The municipality or ward at the point, with what applies there; nullopt off land.
    virtual std::optional<LookupResult> at_point(double lon, double lat) = 0;
};

class LookupService {
public:
    explicit LookupService(LookupStore& store) : m_store(store) {}

    // Throws core::Error(invalid_input) for coordinates outside -90..90 / -180..180,
    // core::Error(not_found, "outside-japan") where no municipality lies at the point,
    // and what the store throws (unavailable, timeout).
    LookupResult lookup(double lat, double lon);

private:
    LookupStore& m_store;
};

}  // namespace policymap::programmes
