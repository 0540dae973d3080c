#pragma once

#include "auth/agency_store.hpp"

namespace policymap::db {
class Pool;
}

namespace policymap::auth {

class PgAgencyStore : public AgencyStore {
public:
    explicit PgAgencyStore(db::Pool& pool) : m_pool(pool) {}
    std::int64_t create_agency(const std::string& name, const std::vector<std::string>& areas, bool admin) override;
    IssuedToken issue_token(std::int64_t agency_id) override;
    bool revoke_token(std::int64_t token_id) override;
    std::vector<AgencyInfo> list_agencies() override;
    Principal authenticate(const std::string& token) override;

private:
    db::Pool& m_pool;
};

}  // namespace policymap::auth
