#pragma once

#include "programmes/lookup_service.hpp"

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
};

}  // namespace policymap::programmes
