#include "programmes/pg_lookup_store.hpp"

#include "db/errors.hpp"
#include "db/pool.hpp"

#include <pqxx/pqxx>

#include <chrono>

namespace policymap::programmes {

std::optional<LookupResult> PgLookupStore::at_point(double lon, double lat) {
    auto lease = m_pool.acquire();
    try {
        const auto& area_stmt = lease.prepared("src/programmes/sql/lookup_area.sql");
        const auto& prog_stmt = lease.prepared("src/programmes/sql/programmes_at_area.sql");
        pqxx::read_transaction tx(lease.connection());
        auto rows = tx.exec_prepared(area_stmt, lon, lat);
        if (rows.empty()) return std::nullopt;
        const auto& r = rows[0];
        LookupResult out;
        out.municipality = {r["code"].as<std::string>(), r["name"].as<std::string>(), r["level"].as<std::string>()};
        if (!r["city_code"].is_null()) {
            out.designated_city = AreaRef{r["city_code"].as<std::string>(), r["city_name"].as<std::string>(), "designated_city"};
        }
        out.prefecture = {r["pref_code"].as<std::string>(""), r["pref_name"].as<std::string>(""), "prefecture"};
        const auto version = r["data_version"].as<std::int64_t>();
        // The list depends on publication windows evaluated now: a key per minute.
        const std::string key = out.municipality.code + '@' + std::to_string(std::chrono::duration_cast<std::chrono::minutes>(
                                                                  std::chrono::system_clock::now().time_since_epoch()).count());
        if (auto cached = m_programmes.get(key, version)) {
            out.programmes = std::move(*cached);
            return out;
        }
        for (const auto& p : tx.exec_prepared(prog_stmt, out.municipality.code)) {
            out.programmes.push_back({p["id"].as<std::int64_t>(), p["source"].as<std::string>(),
                                      p["source_id"].as<std::string>(), p["title"].as<std::string>(),
                                      p["scope"].as<std::string>()});
        }
        m_programmes.put(key, version, out.programmes);
        return out;
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

}  // namespace policymap::programmes
