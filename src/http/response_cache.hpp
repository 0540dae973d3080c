#pragma once

#include "http/message.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace policymap::http {

// Rendered answers of the read endpoints whose answer depends only on the
// question, the data version and the programme windows (search, lookup):
// a repeated question costs no query and no JSON rendering. An entry is
// served only under the data version it was computed from and before its
// window changes (programmes::Freshness). Bounded by bytes, least recently
// used first out; thread-safe.
class ResponseCache {
public:
    using Clock = std::chrono::system_clock;

    explicit ResponseCache(std::size_t budget_bytes) : m_budget(budget_bytes) {}

    [[nodiscard]] std::shared_ptr<const Response> get(const std::string& key, std::int64_t version);
    void put(const std::string& key, std::int64_t version, Clock::time_point valid_until, Response response);

    struct Stats {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::uint64_t entries = 0;
        std::uint64_t bytes = 0;
    };
    [[nodiscard]] Stats stats() const;
    [[nodiscard]] std::size_t budget() const { return m_budget; }

private:
    struct Entry {
        std::string key;
        std::int64_t version;
        Clock::time_point valid_until;
        std::shared_ptr<const Response> response;
        std::size_t weight;
    };
    void erase_locked(std::list<Entry>::iterator it);

    const std::size_t m_budget;
    mutable std::mutex m_mutex;
    std::list<Entry> m_lru;  // most recent first
    std::unordered_map<std::string, std::list<Entry>::iterator> m_index;
    std::size_t m_bytes = 0;
    Stats m_stats;
};

}  // namespace policymap::http
