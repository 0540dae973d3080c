#pragma once

#include "programmes/area_directory.hpp"
#include "programmes/programme_search.hpp"

namespace policymap::db {
class Pool;
}

namespace policymap::programmes {

class PgProgrammeSearchStore : public ProgrammeSearchStore {
public:
    explicit PgProgrammeSearchStore(db::Pool& pool) : m_pool(pool) {}
    ProgrammeSearchResult search(const ProgrammeSearchSpec& spec) override;
    std::optional<Programme> find(std::int64_t id) override;

private:
    db::Pool& m_pool;
};

class PgAreaStore : public AreaStore {
public:
    explicit PgAreaStore(db::Pool& pool) : m_pool(pool) {}
    std::vector<AreaSummary> search(const std::string& name_prefix, const std::string& reading_prefix, int limit) override;
    std::optional<AreaDetail> find(const std::string& code) override;
    std::optional<std::int64_t> data_version() override;

private:
    db::Pool& m_pool;
};

}  // namespace policymap::programmes
