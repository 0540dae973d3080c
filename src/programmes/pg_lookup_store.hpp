#pragma once

#include "programmes/lookup_service.hpp"

#include <atomic>
#include <memory>
#include <thread>

namespace policymap::db {
class Pool;
}
namespace policymap::geo {
class AreaIndex;
}

namespace policymap::programmes {

// Lookups in PostgreSQL. Given `freshness`, the municipal outlines are also
// held in memory (geo::AreaIndex), loaded in the background and reloaded
// whenever the boundary version moves; a point is then placed without a
// query, and the database answers only near an edge or while the outlines
// load.
class PgLookupStore : public LookupStore {
public:
    explicit PgLookupStore(db::Pool& pool, const Freshness* freshness = nullptr);
    ~PgLookupStore() override;
    PgLookupStore(const PgLookupStore&) = delete;
    PgLookupStore& operator=(const PgLookupStore&) = delete;

    std::optional<AreaAt> locate(double lon, double lat) override;
    LookupResult at_area(const std::string& code) override;

private:
    struct Outlines {
        std::int64_t boundary_version;
        std::shared_ptr<const geo::AreaIndex> index;
    };
    std::shared_ptr<const geo::AreaIndex> current_index();
    void load();

    db::Pool& m_pool;
    const Freshness* m_freshness;
    std::shared_ptr<const Outlines> m_outlines;  // std::atomic_load / atomic_store
    std::atomic<bool> m_loading{false};
    std::atomic<std::int64_t> m_attempted{-1};  // the boundary version last loaded or tried
    std::thread m_loader;
};

}  // namespace policymap::programmes
