#include "programmes/pg_search_stores.hpp"

#include "core/resources.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace policymap::programmes {

namespace {

std::optional<std::string> opt_text(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return f.as<std::string>();
}

std::vector<std::string> json_strings(const pqxx::field& f) {
    if (f.is_null()) return {};
    return nlohmann::json::parse(f.as<std::string>()).get<std::vector<std::string>>();
}

std::optional<std::string> json_array_or_null(const std::vector<std::string>& values) {
    if (values.empty()) return std::nullopt;
    return nlohmann::json(values).dump();
}

Programme programme_from_row(const pqxx::row& r) {
    Programme p;
    p.id = r["id"].as<std::int64_t>();
    p.source = r["source"].as<std::string>();
    p.source_id = r["source_id"].as<std::string>();
    p.title = r["title"].as<std::string>();
    p.catch_phrase = opt_text(r["catch_phrase"]);
    p.institution_name = opt_text(r["institution_name"]);
    p.purposes = json_strings(r["purposes"]);
    p.industries = json_strings(r["industries"]);
    p.employees = opt_text(r["employees"]);
    if (!r["max_amount"].is_null()) p.max_amount = r["max_amount"].as<std::int64_t>();
    p.rate = opt_text(r["rate"]);
    p.acceptance_start = opt_text(r["acceptance_start"]);
    p.acceptance_end = opt_text(r["acceptance_end"]);
    p.url = opt_text(r["url"]);
    p.status = r["status"].as<std::string>();
    p.areas = json_strings(r["areas"]);
    return p;
}

AreaSummary area_from_row(const pqxx::row& r) {
    AreaSummary a;
    a.code = r["code"].as<std::string>();
    a.name = r["name"].as<std::string>();
    a.level = r["level"].as<std::string>();
    if (!r["pref_code"].is_null()) a.prefecture = AreaRef{r["pref_code"].as<std::string>(), r["pref_name"].as<std::string>(), "prefecture"};
    a.reading = opt_text(r["reading"]);
    a.center = {r["lon"].as<double>(), r["lat"].as<double>()};
    a.bbox = {r["west"].as<double>(), r["south"].as<double>(), r["east"].as<double>(), r["north"].as<double>()};
    return a;
}

std::vector<AreaRef> area_refs(const pqxx::field& f) {
    std::vector<AreaRef> out;
    for (const auto& j : nlohmann::json::parse(f.as<std::string>())) {
        out.push_back({j.at("code").get<std::string>(), j.at("name").get<std::string>(), j.at("level").get<std::string>()});
    }
    return out;
}

std::int64_t read_data_version(db::Pool& pool) {
    auto lease = pool.acquire();
    try {
        const auto& stmt = lease.prepared("src/programmes/sql/data_version.sql");
        pqxx::nontransaction tx(lease.connection());
        return tx.exec_prepared(stmt)[0][0].as<std::int64_t>();
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

}  // namespace

std::optional<std::int64_t> PgAreaStore::data_version() { return read_data_version(m_pool); }

ProgrammeSearchResult PgProgrammeSearchStore::search(const ProgrammeSearchSpec& spec) {
    const auto& q = spec.query;
    auto lease = m_pool.acquire();
    try {
        // exec_params, not a named prepared statement: the filters are
        // "param IS NULL OR ...", which only a plan made for the actual
        // values turns into the right index scans (see the SQL file).
        static const std::string sql(core::resource("src/programmes/sql/programme_search.sql"));
        pqxx::read_transaction tx(lease.connection());
        std::optional<std::string> cursor_key;
        std::optional<std::int64_t> cursor_id;
        if (q.cursor) {
            cursor_key = q.cursor->key;
            cursor_id = q.cursor->id;
        }
        auto rows = tx.exec_params(sql, q.area, json_array_or_null(q.purposes), json_array_or_null(q.industries),
                                   q.employees, q.open, q.at, q.closing_within,
                                   q.keywords ? json_array_or_null(spec.terms) : std::nullopt, q.source,
                                   sort_name(q.sort), q.limit, cursor_key, cursor_id);
        ProgrammeSearchResult out;
        if (rows.empty()) return out;
        out.area_known = rows[0]["area_known"].as<bool>();
        out.page.total = rows[0]["total"].as<std::int64_t>();
        out.page.data_version = rows[0]["data_version"].as<std::int64_t>();
        std::string last_key;
        for (const auto& r : rows) {
            if (r["id"].is_null()) break;
            if (static_cast<std::int64_t>(out.page.items.size()) == q.limit) {
                out.page.next = ProgrammeCursor{q.sort, last_key, out.page.items.back().id};
                break;
            }
            auto p = programme_from_row(r);
            p.scope = opt_text(r["scope"]);
            last_key = r["sort_key"].as<std::string>();
            out.page.items.push_back(std::move(p));
        }
        return out;
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

std::optional<Programme> PgProgrammeSearchStore::find(std::int64_t id) {
    auto lease = m_pool.acquire();
    try {
        const auto& stmt = lease.prepared("src/programmes/sql/programme_get.sql");
        pqxx::read_transaction tx(lease.connection());
        auto rows = tx.exec_prepared(stmt, id);
        if (rows.empty()) return std::nullopt;
        auto p = programme_from_row(rows[0]);
        p.summary = opt_text(rows[0]["summary"]);
        p.version = rows[0]["version"].as<std::int64_t>();
        p.updated_at = rows[0]["updated_at"].as<std::string>();
        p.source_categories = rows[0]["source_categories"].as<std::string>("{}");
        return p;
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

std::vector<AreaSummary> PgAreaStore::search(const std::string& name_prefix, const std::string& reading_prefix,
                                             int limit) {
    auto lease = m_pool.acquire();
    try {
        const auto& stmt = lease.prepared("src/programmes/sql/area_search.sql");
        pqxx::read_transaction tx(lease.connection());
        std::optional<std::string> reading;
        if (!reading_prefix.empty()) reading = reading_prefix;
        std::vector<AreaSummary> out;
        for (const auto& r : tx.exec_prepared(stmt, name_prefix, reading, limit)) out.push_back(area_from_row(r));
        return out;
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

std::optional<AreaDetail> PgAreaStore::find(const std::string& code) {
    auto lease = m_pool.acquire();
    try {
        const auto& stmt = lease.prepared("src/programmes/sql/area_get.sql");
        pqxx::read_transaction tx(lease.connection());
        auto rows = tx.exec_prepared(stmt, code);
        if (rows.empty()) return std::nullopt;
        const auto& r = rows[0];
        AreaDetail d;
        d.area = area_from_row(r);
        d.parents = area_refs(r["parents"]);
        d.children = area_refs(r["children"]);
        d.programmes = r["programmes"].as<std::int64_t>();
        d.local = r["local"].as<std::int64_t>();
        const auto by_purpose = nlohmann::json::parse(r["by_purpose"].as<std::string>());
        for (const auto& [purpose, n] : by_purpose.items()) {
            d.by_purpose.emplace_back(purpose, n.get<std::int64_t>());
        }
        return d;
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

}  // namespace policymap::programmes
