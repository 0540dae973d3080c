#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace policymap::programmes {

// Search results under the data version they were computed at. A lookup with
// another version misses, so an entry never outlives a committed change.
// Bounded: when full, it starts over (cheap, and popular keys come back first).
// Thread-safe.
template <typename Value>
class ResultCache {
public:
    explicit ResultCache(std::size_t capacity = 4096) : m_capacity(capacity) {}

    std::optional<Value> get(const std::string& key, std::int64_t version) const {
        std::lock_guard lock(m_mutex);
        auto it = m_entries.find(key);
        if (it == m_entries.end() || it->second.version != version) return std::nullopt;
        return it->second.value;
    }

    void put(const std::string& key, std::int64_t version, Value value) {
        std::lock_guard lock(m_mutex);
        if (m_entries.size() >= m_capacity && m_entries.find(key) == m_entries.end()) m_entries.clear();
        m_entries[key] = Entry{version, std::move(value)};
    }

private:
    struct Entry {
        std::int64_t version;
        Value value;
    };
    std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, Entry> m_entries;
};

}  // namespace policymap::programmes
