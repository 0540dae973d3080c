#pragma once

#include "programmes/lookup_service.hpp"
#include "programmes/result_cache.hpp"

namespace policymap::db {
class Pool;
}

namespace policymap::programmes {

class PgLookupStore : public LookupStore {
public:
    explicit PgLookupStore(db::Pool& pool) : m_pool(pool) {}
    std::optional<LookupResult> at_point(double lon, double lat) override;

private:
    db::Pool& m_pool;
    // The programmes of an area by data version: a lookup then costs one
    // point-in-polygon query.
    ResultCache<std::vector<ProgrammeSummary>> m_programmes;
};

}  // namespace policymap::programmes
