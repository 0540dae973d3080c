#pragma once

#include "core/redacted.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace policymap::db {

// Whether the database is reachable and has every embedded migration applied.
// Checked on a connection of its own (a busy pool does not make the server
// look down), at most once per `cache_for`: asking more often gets the last
// answer, so the check cannot be used to hammer the database.
class ReadinessProbe {
public:
    ReadinessProbe(std::function<core::Secret()> locate, std::chrono::seconds connect_timeout,
                   std::chrono::milliseconds cache_for = std::chrono::seconds(1));
    ~ReadinessProbe();
    ReadinessProbe(const ReadinessProbe&) = delete;
    ReadinessProbe& operator=(const ReadinessProbe&) = delete;

    // nullopt when ready, otherwise why not (for the problem's detail).
    std::optional<std::string> not_ready();

private:
    std::optional<std::string> check();

    std::function<core::Secret()> m_locate;
    std::chrono::seconds m_connect_timeout;
    std::chrono::milliseconds m_cache_for;
    std::mutex m_mutex;
    struct Link;
    std::unique_ptr<Link> m_link;
    std::chrono::steady_clock::time_point m_checked_at;
    bool m_checked = false;
    std::optional<std::string> m_last;
};

}  // namespace policymap::db
