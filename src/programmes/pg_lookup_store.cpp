#include "programmes/pg_lookup_store.hpp"

#include "core/error.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"

#include "geo/area_index.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace policymap::programmes {

PgLookupStore::PgLookupStore(db::Pool& pool, const Freshness* freshness) : m_pool(pool), m_freshness(freshness) {}

PgLookupStore::~PgLookupStore() {
    if (m_loader.joinable()) m_loader.join();
}

std::shared_ptr<const geo::AreaIndex> PgLookupStore::current_index() {
    if (!m_freshness) return nullptr;
    const auto version = m_freshness->boundary_version();
    if (!version) return nullptr;
    const auto outlines = std::atomic_load(&m_outlines);
    if (outlines && outlines->boundary_version == *version) return outlines->index;
    // Missing or stale: (re)load in the background, once per version; the
    // database answers meanwhile.
    bool idle = false;
    if (m_attempted.load() != *version && m_loading.compare_exchange_strong(idle, true)) {
        m_attempted = *version;
        if (m_loader.joinable()) m_loader.join();  // the previous load has finished
        m_loader = std::thread([this] {
            load();
            m_loading = false;
        });
    }
    return nullptr;
}

void PgLookupStore::load() {
    try {
        auto lease = m_pool.acquire();
        const auto& stmt = lease.prepared("src/programmes/sql/area_outlines.sql");
        pqxx::read_transaction tx(lease.connection());
        std::vector<geo::AreaIndex::Area> areas;
        std::int64_t version = -1;
        for (const auto& row : tx.exec_prepared(stmt)) {
            version = row["boundary_version"].as<std::int64_t>();
            if (row["code"].is_null()) continue;
            const pqxx::binarystring wkb(row["wkb"]);
            areas.push_back({row["code"].as<std::string>(), std::vector<std::uint8_t>(wkb.begin(), wkb.end())});
        }
        auto index = std::make_shared<const geo::AreaIndex>(areas);
        spdlog::info("point lookups: {} outlines, {} vertices in memory (boundary version {})", index->areas(),
                     index->vertices(), version);
        std::atomic_store(&m_outlines, std::make_shared<const Outlines>(Outlines{version, std::move(index)}));
    } catch (const std::exception& e) {
        m_attempted = -1;  // try again at the next lookup
        spdlog::warn("point lookups stay in the database: cannot load the outlines: {}", e.what());
    }
}

std::optional<AreaAt> PgLookupStore::locate(double lon, double lat) {
    if (const auto index = current_index()) {
        const auto found = index->locate(lon, lat);
        if (found.outcome == geo::AreaIndex::Outcome::inside) return AreaAt{found.code, m_freshness->version()};
        if (found.outcome == geo::AreaIndex::Outcome::outside) return std::nullopt;
        // Within a hair of an edge: as the database decides.
    }
    auto lease = m_pool.acquire();
    try {
        const auto& stmt = lease.prepared("src/programmes/sql/locate.sql");
        // One statement, one round trip: no transaction around it.
        pqxx::nontransaction tx(lease.connection());
        auto rows = tx.exec_prepared(stmt, lon, lat);
        if (rows.empty()) return std::nullopt;
        return AreaAt{rows[0]["code"].as<std::string>(), rows[0]["data_version"].as<std::int64_t>()};
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

LookupResult PgLookupStore::at_area(const std::string& code) {
    auto lease = m_pool.acquire();
    try {
        const auto& area_stmt = lease.prepared("src/programmes/sql/lookup_area.sql");
        const auto& prog_stmt = lease.prepared("src/programmes/sql/programmes_at_area.sql");
        // The area, its version and its programmes from one snapshot.
        pqxx::read_transaction tx(lease.connection());
        auto rows = tx.exec_prepared(area_stmt, code);
        if (rows.empty()) throw core::Error(core::ErrorKind::not_found, "area-not-found", "no area has the code " + code);
        const auto& r = rows[0];
        LookupResult out;
        out.municipality = {r["code"].as<std::string>(), r["name"].as<std::string>(), r["level"].as<std::string>()};
        if (!r["city_code"].is_null()) {
            out.designated_city = AreaRef{r["city_code"].as<std::string>(), r["city_name"].as<std::string>(), "designated_city"};
        }
        out.prefecture = {r["pref_code"].as<std::string>(""), r["pref_name"].as<std::string>(""), "prefecture"};
        out.data_version = r["data_version"].as<std::int64_t>();
        for (const auto& p : tx.exec_prepared(prog_stmt, code)) {
            out.programmes.push_back({p["id"].as<std::int64_t>(), p["source"].as<std::string>(),
                                      p["source_id"].as<std::string>(), p["title"].as<std::string>(),
                                      p["scope"].as<std::string>()});
        }
        return out;
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

}  // namespace policymap::programmes
