#include "http/response_cache.hpp"

namespace policymap::http {

namespace {
std::size_t weight_of(const std::string& key, const Response& r) {
    std::size_t w = key.size() + r.body.size() + 128;
    for (const auto& [n, v] : r.headers) w += n.size() + v.size() + 32;
    return w;
}
}  // namespace

std::shared_ptr<const Response> ResponseCache::get(const std::string& key, std::int64_t version) {
    std::lock_guard lock(m_mutex);
    auto it = m_index.find(key);
    if (it == m_index.end()) {
        ++m_stats.misses;
        return nullptr;
    }
    auto entry = it->second;
    if (entry->version != version || Clock::now() >= entry->valid_until) {
        erase_locked(entry);
        ++m_stats.misses;
        return nullptr;
    }
    m_lru.splice(m_lru.begin(), m_lru, entry);
    ++m_stats.hits;
    return entry->response;
}

void ResponseCache::put(const std::string& key, std::int64_t version, Clock::time_point valid_until, Response response) {
    if (Clock::now() >= valid_until) return;
    const std::size_t weight = weight_of(key, response);
    if (weight > m_budget / 8) return;  // one answer never takes the room of many
    auto shared = std::make_shared<const Response>(std::move(response));
    std::lock_guard lock(m_mutex);
    if (auto it = m_index.find(key); it != m_index.end()) {
        // Keep the newer data: a slower request computed on older data must
        // not replace what a faster one stored.
        if (it->second->version > version) return;
        erase_locked(it->second);
    }
    m_lru.push_front(Entry{key, version, valid_until, std::move(shared), weight});
    m_index[key] = m_lru.begin();
    m_bytes += weight;
    while (m_bytes > m_budget && !m_lru.empty()) erase_locked(std::prev(m_lru.end()));
}

void ResponseCache::erase_locked(std::list<Entry>::iterator it) {
    m_bytes -= it->weight;
    m_index.erase(it->key);
    m_lru.erase(it);
}

ResponseCache::Stats ResponseCache::stats() const {
    std::lock_guard lock(m_mutex);
    Stats s = m_stats;
    s.entries = m_index.size();
    s.bytes = m_bytes;
    return s;
}

}  // namespace policymap::http
