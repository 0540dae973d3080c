#pragma once

#include "programmes/feature_store.hpp"

namespace policymap::db {
class Pool;
}

namespace policymap::programmes {

class PgFeatureStore : public FeatureStore {
public:
    explicit PgFeatureStore(db::Pool& pool) : m_pool(pool) {}
    FeaturePage items(const FeatureQuery& query) override;
    std::optional<std::string> item(FeatureCollection collection, const std::string& id, int crs) override;
    std::map<std::int64_t, std::string> programme_geometries(const std::vector<std::int64_t>& ids) override;
    std::vector<AreaRow> areas(const std::optional<std::vector<std::string>>& codes, bool with_geometry,
                               const std::optional<std::string>& after, int batch) override;

private:
    FeaturePage run(const FeatureQuery& query, const std::optional<std::string>& id, std::optional<int> band);
    db::Pool& m_pool;
};

}  // namespace policymap::programmes
