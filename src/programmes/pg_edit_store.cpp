#include "programmes/pg_edit_store.hpp"

#include "core/error.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"
#include "programmes/change_notice.hpp"

#include <pqxx/pqxx>

#include <set>

namespace policymap::programmes {

namespace {

constexpr const char* view_sql = "src/programmes/sql/edit_view.sql";

std::optional<std::string> opt(const std::optional<std::string>& s) { return s; }

StoredProgramme stored_from(const pqxx::row& r) {
    StoredProgramme p;
    p.id = r[0].as<std::int64_t>();
    p.source = r[1].as<std::string>();
    p.source_id = r[2].as<std::string>();
    if (!r[3].is_null()) p.owner_agency_id = r[3].as<std::int64_t>();
    p.version = r[4].as<int>();
    p.status = r[5].as<std::string>();
    auto view = nlohmann::json::parse(r[6].as<std::string>());
    p.fields = nlohmann::json::object();
    for (const auto& name : editable_fields()) p.fields[name] = view.value(name, nlohmann::json());
    return p;
}

std::optional<std::int64_t> opt_id(std::int64_t id) { return id > 0 ? std::optional<std::int64_t>(id) : std::nullopt; }

}  // namespace

std::optional<StoredProgramme> PgEditStore::find(std::int64_t id) {
    auto lease = m_pool.acquire();
    try {
        pqxx::read_transaction tx(lease.connection());
        auto rows = tx.exec_prepared(lease.prepared(view_sql), id);
        if (rows.empty()) return std::nullopt;
        return stored_from(rows[0]);
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

std::optional<StoredProgramme> PgEditStore::find_by_ref(std::int64_t agency_id, const std::string& ref) {
    std::int64_t id = 0;
    {
        auto lease = m_pool.acquire();
        try {
            pqxx::read_transaction tx(lease.connection());
            auto rows = tx.exec_prepared(lease.prepared("src/programmes/sql/edit_find_by_ref.sql"), agency_id, ref);
            if (rows.empty()) return std::nullopt;
            id = rows[0][0].as<std::int64_t>();
        } catch (const std::exception& e) {
            db::rethrow_as_error(e);
        }
    }
    return find(id);
}

nlohmann::json PgEditStore::view(std::int64_t id) {
    auto lease = m_pool.acquire();
    try {
        pqxx::read_transaction tx(lease.connection());
        auto rows = tx.exec_prepared(lease.prepared(view_sql), id);
        if (rows.empty()) core::throw_not_found("programme-not-found", "no programme " + std::to_string(id));
        return nlohmann::json::parse(rows[0][6].as<std::string>());
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

nlohmann::json PgEditStore::history(std::int64_t id) {
    auto lease = m_pool.acquire();
    try {
        pqxx::read_transaction tx(lease.connection());
        auto rows = tx.exec_prepared(lease.prepared("src/programmes/sql/audit_history.sql"), id);
        return nlohmann::json::parse(rows[0][0].as<std::string>());
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

std::vector<Applied> PgEditStore::apply(const std::vector<Change>& changes, const Editor& editor) {
    std::vector<Applied> out;
    std::set<std::string> touched;
    std::set<std::int64_t> ids;
    auto lease = m_pool.acquire();
    try {
        pqxx::work tx(lease.connection());
        for (const auto& ch : changes) {
            const auto& f = ch.fields;
            const std::string purposes = nlohmann::json(f.purposes).dump();
            const std::string industries = nlohmann::json(f.industries).dump();
            pqxx::result written;
            std::string action;
            if (ch.kind == Change::Kind::create) {
                action = "create";
                written = tx.exec_prepared(lease.prepared("src/programmes/sql/edit_insert.sql"), editor.agency_id, opt(f.ref),
                                           f.title, f.catch_phrase, f.summary, f.institution_name, f.employees, f.max_amount,
                                           f.rate, f.acceptance_start, f.acceptance_end, purposes, industries, f.url, f.status);
            } else if (ch.kind == Change::Kind::update) {
                action = "update";
                written = tx.exec_prepared(lease.prepared("src/programmes/sql/edit_update.sql"), ch.id, ch.expected_version,
                                           opt(f.ref), f.title, f.catch_phrase, f.summary, f.institution_name, f.employees,
                                           f.max_amount, f.rate, f.acceptance_start, f.acceptance_end, purposes, industries,
                                           f.url, f.status);
            } else {
                action = "withdraw";
                written = tx.exec_prepared(lease.prepared("src/programmes/sql/edit_withdraw.sql"), ch.id, ch.expected_version);
            }
            if (written.empty()) {
                throw core::Error(core::ErrorKind::precondition_failed, "stale-version",
                                  "programme " + std::to_string(ch.id) +
                                      " changed while this request was being handled; fetch it again and reapply your change");
            }
            Applied a;
            a.id = written[0][0].as<std::int64_t>();
            a.version = written[0][1].as<int>();
            if (ch.kind != Change::Kind::withdraw) {
                const std::string codes = nlohmann::json(f.areas).dump();
                tx.exec_prepared(lease.prepared("src/programmes/sql/coverage_prune.sql"), a.id, codes);
                tx.exec_prepared(lease.prepared("src/programmes/sql/coverage_add.sql"), a.id, codes);
                touched.insert(f.areas.begin(), f.areas.end());
            }
            touched.insert(ch.old_areas.begin(), ch.old_areas.end());
            ids.insert(a.id);
            auto view_rows = tx.exec_prepared(lease.prepared(view_sql), a.id);
            a.programme = nlohmann::json::parse(view_rows[0][6].as<std::string>());
            nlohmann::json after = nlohmann::json::object();
            for (const auto& name : editable_fields()) after[name] = a.programme.value(name, nlohmann::json());
            const auto changed = changed_fields(ch.kind == Change::Kind::create ? nlohmann::json::object() : ch.before, after);
            tx.exec_prepared(lease.prepared("src/programmes/sql/audit_insert.sql"), editor.agency_id, opt_id(editor.token_id),
                             action, a.id, a.version,
                             ch.kind == Change::Kind::create ? std::optional<std::string>() : ch.before.dump(), after.dump(),
                             nlohmann::json(changed).dump(), editor.request_id);
            out.push_back(std::move(a));
        }
        if (!touched.empty()) {
            tx.exec_prepared(lease.prepared("src/programmes/sql/area_stats_refresh_areas.sql"),
                             nlohmann::json(touched).dump());
        }
        tx.exec_prepared(lease.prepared("src/programmes/sql/notify_changes.sql"), change_notice_payload(touched, ids));
        tx.commit();
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
    return out;
}

}  // namespace policymap::programmes
