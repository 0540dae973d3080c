#include "db/readiness.hpp"

#include "core/resources.hpp"
#include "db/migrations.hpp"
#include "db/pool.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace policymap::db {

namespace {
constexpr const char* ready_sql = "src/db/sql/ready.sql";
}

struct ReadinessProbe::Link {
    std::unique_ptr<pqxx::connection> conn;
};

ReadinessProbe::ReadinessProbe(std::function<core::Secret()> locate, std::chrono::seconds connect_timeout,
                               std::chrono::milliseconds cache_for)
    : m_locate(std::move(locate)), m_connect_timeout(connect_timeout), m_cache_for(cache_for),
      m_link(std::make_unique<Link>()) {}

ReadinessProbe::~ReadinessProbe() = default;

std::optional<std::string> ReadinessProbe::not_ready() {
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    if (m_checked && now - m_checked_at < m_cache_for) return m_last;
    auto result = check();
    if (result != m_last || !m_checked) {
        if (result) spdlog::warn("not ready: {}", *result);
        else spdlog::info("ready: database reachable, migrations current");
    }
    m_last = std::move(result);
    m_checked = true;
    m_checked_at = std::chrono::steady_clock::now();
    return m_last;
}

std::optional<std::string> ReadinessProbe::check() {
    std::vector<int> applied;
    try {
        if (!m_link->conn || !m_link->conn->is_open()) {
            m_link->conn.reset();
            m_link->conn = std::make_unique<pqxx::connection>(with_connect_timeout(m_locate().reveal(), m_connect_timeout));
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
            m_link->conn->inhibit_reactivation(true);
#pragma GCC diagnostic pop
            pqxx::nontransaction setup(*m_link->conn);
            setup.exec("SET application_name = 'policymap'");
            setup.exec("SET statement_timeout = 1000");
            m_link->conn->prepare(ready_sql, std::string(core::resource(ready_sql)));
        }
        pqxx::nontransaction tx(*m_link->conn);
        for (const auto& row : tx.exec_prepared(ready_sql)) applied.push_back(row[0].as<int>());
    } catch (const std::exception&) {
        // The driver's message may contain the connection string: never pass it on.
        m_link->conn.reset();
        return std::string("the database is not reachable");
    }
    std::string missing;
    for (int v : embedded_migration_versions()) {
        if (!std::binary_search(applied.begin(), applied.end(), v)) {
            char name[8];
            std::snprintf(name, sizeof name, "%04d", v);
            missing += (missing.empty() ? "" : ", ") + std::string(name);
        }
    }
    if (!missing.empty()) return "migrations not applied: " + missing;
    return std::nullopt;
}

}  // namespace policymap::db
