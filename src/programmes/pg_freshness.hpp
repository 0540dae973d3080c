#pragma once

#include "programmes/freshness.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace policymap::db {
class Pool;
}

namespace policymap::programmes {

// Freshness read from PostgreSQL: a thread polls the data version every
// `interval` (one tiny query), so that a request served from a cache needs no
// round trip, and every instance sharing the database sees a change within
// one interval. Polling the database the answers are read from (a replica,
// when reads go to one) means a version is never ahead of the data.
class PgFreshness : public Freshness {
public:
    explicit PgFreshness(db::Pool& pool, std::chrono::milliseconds interval = std::chrono::milliseconds(100));
    ~PgFreshness() override;
    PgFreshness(const PgFreshness&) = delete;
    PgFreshness& operator=(const PgFreshness&) = delete;

    [[nodiscard]] std::optional<std::int64_t> version() const override;
    [[nodiscard]] std::optional<std::int64_t> boundary_version() const override;
    void refresh() override;
    Clock::time_point valid_until(std::int64_t version, Clock::time_point at) override;

private:
    void poll();

    db::Pool& m_pool;
    std::chrono::milliseconds m_interval;
    std::atomic<std::int64_t> m_version{-1};  // -1: unknown
    std::atomic<std::int64_t> m_boundary_version{-1};

    std::mutex m_window_mutex;
    std::int64_t m_window_version = -1;
    Clock::time_point m_window_from{};
    Clock::time_point m_window_until{};

    std::mutex m_stop_mutex;
    std::condition_variable m_stop_cv;
    bool m_stop = false;
    std::thread m_thread;
};

}  // namespace policymap::programmes
