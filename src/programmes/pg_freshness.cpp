#include "programmes/pg_freshness.hpp"

#include "core/error.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <cmath>
#include <ctime>

namespace policymap::programmes {

namespace {

std::string iso_utc(Freshness::Clock::time_point t) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(t);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t - secs).count();
    const std::time_t tt = Freshness::Clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros));
    return buf;
}

std::pair<std::int64_t, std::int64_t> read_versions(db::Pool& pool) {
    auto lease = pool.acquire();
    try {
        const auto& stmt = lease.prepared("src/programmes/sql/versions.sql");
        pqxx::nontransaction tx(lease.connection());
        const auto row = tx.exec_prepared(stmt)[0];
        return {row["data_version"].as<std::int64_t>(), row["boundary_version"].as<std::int64_t>()};
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

}  // namespace

PgFreshness::PgFreshness(db::Pool& pool, std::chrono::milliseconds interval) : m_pool(pool), m_interval(interval) {
    m_thread = std::thread([this] { poll(); });
}

PgFreshness::~PgFreshness() {
    {
        std::lock_guard lock(m_stop_mutex);
        m_stop = true;
    }
    m_stop_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

std::optional<std::int64_t> PgFreshness::version() const {
    const auto v = m_version.load(std::memory_order_acquire);
    if (v < 0) return std::nullopt;
    return v;
}

std::optional<std::int64_t> PgFreshness::boundary_version() const {
    const auto v = m_boundary_version.load(std::memory_order_acquire);
    if (v < 0) return std::nullopt;
    return v;
}

void PgFreshness::refresh() {
    try {
        const auto [data, boundaries] = read_versions(m_pool);
        m_boundary_version.store(boundaries, std::memory_order_release);
        m_version.store(data, std::memory_order_release);
    } catch (const core::Error& e) {
        m_boundary_version.store(-1, std::memory_order_release);
        // Said once when it happens, not at every poll of an outage.
        if (m_version.exchange(-1, std::memory_order_acq_rel) >= 0) {
            spdlog::warn("data version unknown, caches bypassed: {}", e.what());
        }
    }
}

void PgFreshness::poll() {
    std::unique_lock lock(m_stop_mutex);
    bool was_known = true;
    while (!m_stop) {
        lock.unlock();
        refresh();
        const bool known = version().has_value();
        if (known && !was_known) spdlog::info("data version readable again: caches back in use");
        was_known = known;
        lock.lock();
        m_stop_cv.wait_for(lock, m_interval, [this] { return m_stop; });
    }
}

Freshness::Clock::time_point PgFreshness::valid_until(std::int64_t version, Clock::time_point at) {
    {
        std::lock_guard lock(m_window_mutex);
        if (version == m_window_version && at >= m_window_from && at < m_window_until) return m_window_until;
    }
    Clock::time_point until = at;
    try {
        auto lease = m_pool.acquire();
        const auto& stmt = lease.prepared("src/programmes/sql/next_window_change.sql");
        pqxx::nontransaction tx(lease.connection());
        const auto field = tx.exec_prepared(stmt, iso_utc(at))[0][0];
        if (field.is_null()) {
            until = Clock::time_point::max();
        } else {
            const double secs = field.as<double>();
            until = Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(secs)));
        }
    } catch (const std::exception& e) {
        spdlog::warn("cannot tell when programme windows next change: {}", e.what());
        return at;
    }
    std::lock_guard lock(m_window_mutex);
    m_window_version = version;
    m_window_from = at;
    m_window_until = until;
    return until;
}

}  // namespace policymap::programmes
