#include "tiles/tile_cache.hpp"

#include <algorithm>
#include <utility>

namespace policymap::tiles {

std::string CachedTile::gzip_etag() const {
    // "abc" -> "abc-gz": a different representation needs a different strong ETag.
    if (etag.size() < 2) return etag;
    return etag.substr(0, etag.size() - 1) + "-gz\"";
}

std::size_t CachedTile::weight() const {
    std::size_t w = sizeof(CachedTile) + bytes.size() + etag.size() + (gzip ? gzip->size() : 0);
    for (const auto& c : codes) w += sizeof(std::string) + c.size();
    return w;
}

std::shared_ptr<const CachedTile> TileCache::get(const std::string& key) {
    if (m_budget == 0) {
        ++m_misses;
        return nullptr;
    }
    std::lock_guard lock(m_mutex);
    auto it = m_index.find(key);
    if (it == m_index.end()) {
        ++m_misses;
        return nullptr;
    }
    if (it->second->tile->expires <= std::chrono::steady_clock::now()) {
        erase_locked(it->second);
        ++m_misses;
        return nullptr;
    }
    m_lru.splice(m_lru.begin(), m_lru, it->second);
    ++m_hits;
    return it->second->tile;
}

void TileCache::require_lsn(std::uint64_t lsn) {
    auto current = m_required_lsn.load();
    while (current < lsn && !m_required_lsn.compare_exchange_weak(current, lsn)) {
    }
}

void TileCache::put(const std::string& key, std::shared_ptr<const CachedTile> tile, std::uint64_t rendered_at_version,
                    std::optional<std::uint64_t> replayed_lsn) {
    if (m_budget == 0 || !tile) return;
    // Rendered on a replica that had not yet replayed the last announced change.
    if (replayed_lsn && *replayed_lsn < m_required_lsn.load()) return;
    const std::size_t weight = tile->weight() + key.size() * 2 + 64;
    if (weight > m_budget) return;
    std::lock_guard lock(m_mutex);
    // Rendered before a change arrived: it may show old counts.
    if (rendered_at_version != m_version.load()) return;
    if (auto it = m_index.find(key); it != m_index.end()) erase_locked(it->second);
    m_lru.push_front(Entry{key, std::move(tile), weight});
    m_index[key] = m_lru.begin();
    m_bytes += weight;
    evict_locked();
}

void TileCache::evict_locked() {
    while (m_bytes > m_budget && !m_lru.empty()) {
        erase_locked(std::prev(m_lru.end()));
        ++m_evictions;
    }
}

void TileCache::erase_locked(std::list<Entry>::iterator it) {
    m_bytes -= it->weight;
    m_index.erase(it->key);
    m_lru.erase(it);
}

void TileCache::invalidate(const std::vector<std::string>& codes) {
    std::vector<std::string> sorted(codes);
    std::sort(sorted.begin(), sorted.end());
    std::lock_guard lock(m_mutex);
    ++m_version;
    for (auto it = m_lru.begin(); it != m_lru.end();) {
        const auto& tc = it->tile->codes;
        bool hit = false;
        // Both sorted: a merge walk finds a shared code.
        for (auto a = tc.cbegin(), b = std::as_const(sorted).cbegin(); a != tc.cend() && b != sorted.cend();) {
            if (*a == *b) {
                hit = true;
                break;
            }
            if (*a < *b) ++a;
            else ++b;
        }
        auto next = std::next(it);
        if (hit) {
            erase_locked(it);
            ++m_invalidated;
        }
        it = next;
    }
}

void TileCache::clear() {
    std::lock_guard lock(m_mutex);
    ++m_version;
    m_invalidated += m_lru.size();
    m_lru.clear();
    m_index.clear();
    m_bytes = 0;
}

TileCacheStats TileCache::stats() const {
    std::lock_guard lock(m_mutex);
    return TileCacheStats{m_hits.load(), m_misses.load(), m_lru.size(), m_bytes, m_budget,
                          m_evictions,   m_invalidated,   m_version.load()};
}

}  // namespace policymap::tiles
