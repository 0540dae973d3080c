#pragma once

#include "programmes/lookup_service.hpp"

namespace policymap::db {
class Pool;
}

namespace policymap::programmes {

class PgLookupStore : public LookupStore {
public:
    explicit PgLookupStore(db::Pool& pool) : m_pool(pool) {}
    std::optional<AreaAt> locate(double lon, double lat) override;
    LookupResult at_area(const std::string& code) override;

private:
    db::Pool& m_pool;
};

}  // namespace policymap::programmes
