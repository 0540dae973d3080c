#include "programmes/pg_lookup_store.hpp"

#include "core/error.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"

#include <pqxx/pqxx>

namespace policymap::programmes {

std::optional<AreaAt> PgLookupStore::locate(double lon, double lat) {
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
