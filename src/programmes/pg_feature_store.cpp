#include "programmes/pg_feature_store.hpp"

#include "core/resources.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace policymap::programmes {

namespace {

// Generalisation bands of tile_areas (0004_tiles.sql): lists carry the z6
// (programmes) or z8 (areas) outlines, which keep a page of 1,000 features
// to a few megabytes; single items the imported geometry.
constexpr int programme_list_band = 6;
constexpr int area_list_band = 8;
constexpr int full_band = 10;

std::optional<std::string> property(const FeatureQuery& q, const std::string& name) {
    auto it = q.properties.find(name);
    if (it == q.properties.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> opt_text(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return f.as<std::string>();
}

}  // namespace

FeaturePage PgFeatureStore::run(const FeatureQuery& q, const std::optional<std::string>& id, std::optional<int> band) {
    std::optional<double> west, south, east, north;
    if (q.bbox) {
        west = (*q.bbox)[0];
        south = (*q.bbox)[1];
        east = (*q.bbox)[2];
        north = (*q.bbox)[3];
    }
    auto lease = m_pool.acquire();
    try {
        // exec_params: the filters are "param IS NULL OR ...", which only a
        // plan made for the actual values turns into index scans.
        pqxx::read_transaction tx(lease.connection());
        pqxx::result rows;
        if (q.collection == FeatureCollection::programmes) {
            static const std::string sql(core::resource("src/programmes/sql/ogc_programmes.sql"));
            std::optional<std::int64_t> numeric_id;
            if (id) numeric_id = std::stoll(*id);
            rows = tx.exec_params(sql, west, south, east, north, q.datetime_start, q.datetime_end,
                                  property(q, "source"), property(q, "purpose"), property(q, "area"), q.crs,
                                  band.value_or(full_band), q.limit, q.offset, numeric_id);
        } else {
            static const std::string sql(core::resource("src/programmes/sql/ogc_areas.sql"));
            const std::string collection = q.collection == FeatureCollection::prefectures ? "prefectures" : "municipalities";
            rows = tx.exec_params(sql, west, south, east, north, collection, property(q, "name"),
                                  property(q, "pref_code"), property(q, "level"), q.crs, band, q.limit, q.offset, id);
        }
        FeaturePage page;
        if (rows.empty()) return page;
        page.matched = rows[0]["matched"].as<std::int64_t>();
        for (const auto& r : rows) {
            if (!r["feature"].is_null()) page.features.push_back(r["feature"].as<std::string>());
        }
        return page;
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

FeaturePage PgFeatureStore::items(const FeatureQuery& query) {
    return run(query, std::nullopt,
               query.collection == FeatureCollection::programmes ? programme_list_band : area_list_band);
}

std::optional<std::string> PgFeatureStore::item(FeatureCollection collection, const std::string& id, int crs) {
    FeatureQuery q;
    q.collection = collection;
    q.crs = crs;
    q.limit = 1;
    auto page = run(q, id, collection == FeatureCollection::programmes ? std::optional<int>(full_band) : std::nullopt);
    if (page.features.empty()) return std::nullopt;
    return page.features.front();
}

std::map<std::int64_t, std::string> PgFeatureStore::programme_geometries(const std::vector<std::int64_t>& ids) {
    std::map<std::int64_t, std::string> out;
    if (ids.empty()) return out;
    auto lease = m_pool.acquire();
    try {
        const auto& stmt = lease.prepared("src/programmes/sql/programme_geometries.sql");
        pqxx::read_transaction tx(lease.connection());
        for (const auto& r : tx.exec_prepared(stmt, nlohmann::json(ids).dump())) {
            if (!r["geometry"].is_null()) out.emplace(r["id"].as<std::int64_t>(), r["geometry"].as<std::string>());
        }
        return out;
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

std::vector<AreaRow> PgFeatureStore::areas(const std::optional<std::vector<std::string>>& codes, bool with_geometry,
                                           const std::optional<std::string>& after, int batch) {
    std::optional<std::string> code_list;
    if (codes) code_list = nlohmann::json(*codes).dump();
    std::vector<AreaRow> rows;
    // One lease per batch: the connection goes back to the pool while the
    // caller writes the batch out.
    auto lease = m_pool.acquire();
    try {
        const auto& stmt = lease.prepared("src/programmes/sql/area_export.sql");
        pqxx::read_transaction tx(lease.connection());
        for (const auto& r : tx.exec_prepared(stmt, after, batch, code_list, with_geometry)) {
            AreaRow a;
            a.code = r["code"].as<std::string>();
            a.name = r["name"].as<std::string>();
            a.level = r["level"].as<std::string>();
            a.pref_code = r["pref_code"].as<std::string>();
            a.prefecture = opt_text(r["prefecture"]);
            a.parent_code = opt_text(r["parent_code"]);
            a.reading = opt_text(r["reading"]);
            a.programmes = r["programmes"].as<std::int64_t>();
            a.local = r["local"].as<std::int64_t>();
            a.geometry = opt_text(r["geometry"]);
            rows.push_back(std::move(a));
        }
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
    return rows;
}

}  // namespace policymap::programmes
