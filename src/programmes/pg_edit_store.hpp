#pragma once

#include "programmes/edit_store.hpp"

namespace policymap::db {
class Pool;
}

namespace policymap::programmes {

class PgEditStore : public EditStore {
public:
    explicit PgEditStore(db::Pool& pool) : m_pool(pool) {}
    std::optional<StoredProgramme> find(std::int64_t id) override;
    std::optional<StoredProgramme> find_by_ref(std::int64_t agency_id, const std::string& ref) override;
    std::vector<Applied> apply(const std::vector<Change>& changes, const Editor& editor) override;
    nlohmann::json view(std::int64_t id) override;
    nlohmann::json history(std::int64_t id) override;

private:
    db::Pool& m_pool;
};

}  // namespace policymap::programmes
