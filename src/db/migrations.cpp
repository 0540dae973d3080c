#include "db/migrations.hpp"

#include "core/error.hpp"
#include "core/resources.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"

#include <pqxx/pqxx>
#include <algorithm>
#include <spdlog/spdlog.h>

namespace policymap::db {

namespace {
constexpr std::string_view migrations_dir = "src/db/migrations/";
constexpr long long migration_lock_key = 7310231;  // any constant shared by all policymap processes
}  // namespace

std::vector<int> embedded_migration_versions() {
    std::vector<int> out;
    for (const auto& [path, sql] : core::resource_table()) {
        if (path.substr(0, migrations_dir.size()) != migrations_dir) continue;
        out.push_back(std::stoi(std::string(path.substr(migrations_dir.size(), 4))));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> migrate(const core::Secret& url) {
    db::Session session(url);
    auto* conn = &session.connection();
    std::vector<std::string> applied;
    try {
        {
            pqxx::nontransaction tx(*conn);
            tx.exec("SELECT pg_advisory_lock(" + std::to_string(migration_lock_key) + ")");
            tx.exec(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        }
        for (const auto& [path, sql] : core::resource_table()) {
            if (path.substr(0, migrations_dir.size()) != migrations_dir) continue;
            std::string name(path.substr(migrations_dir.size()));
            int version = std::stoi(name.substr(0, 4));
            pqxx::work tx(*conn);
            auto seen = tx.exec_params("SELECT 1 FROM schema_migrations WHERE version = $1", version);
            if (!seen.empty()) continue;
            tx.exec(std::string(sql));
            tx.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", version, name);
            tx.commit();
            spdlog::info("applied migration {}", name);
            applied.push_back(name);
        }
        pqxx::nontransaction tx(*conn);
        tx.exec("SELECT pg_advisory_unlock(" + std::to_string(migration_lock_key) + ")");
    } catch (const core::Error&) {
        throw;
    } catch (const std::exception& e) {
        spdlog::error("migration failed: {}", e.what());
        throw core::Error(core::ErrorKind::internal, "migration-failed", std::string("migration failed: ") + e.what());
    }
    return applied;
}

}  // namespace policymap::db
