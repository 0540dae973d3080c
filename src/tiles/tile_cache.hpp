#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace policymap::tiles {

// One rendered tile as served: the MVT bytes, their gzip form once a client
// asked for it, ETags, and the areas it shows (for invalidation).
struct CachedTile {
    std::string bytes;                  // uncompressed MVT; empty = no features (204)
    std::optional<std::string> gzip;    // the same bytes gzipped, made on first demand
    std::string etag;                   // strong ETag of `bytes`, quoted
    std::vector<std::string> codes;     // area codes in the tile, sorted
    std::chrono::steady_clock::time_point expires = std::chrono::steady_clock::time_point::max();

    [[nodiscard]] bool empty() const { return bytes.empty(); }
    [[nodiscard]] std::string gzip_etag() const;  // the ETag of the gzip representation
    [[nodiscard]] std::size_t weight() const;     // bytes held, for the budget
};

struct TileCacheStats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t entries = 0;
    std::uint64_t bytes = 0;
    std::uint64_t budget = 0;
    std::uint64_t evictions = 0;
    std::uint64_t invalidated = 0;  // entries dropped because their areas changed
    std::uint64_t data_version = 0; // bumped by every change notification
};

// A byte-budgeted LRU of rendered tiles, shared by all worker threads. A
// budget of 0 turns caching off (every get misses, put keeps nothing).
class TileCache {
public:
    explicit TileCache(std::size_t budget_bytes) : m_budget(budget_bytes) {}

    [[nodiscard]] std::shared_ptr<const CachedTile> get(const std::string& key);
    // The data version a renderer reads before it asks the database: put()
    // keeps nothing rendered from a version older than the current one.
    [[nodiscard]] std::uint64_t data_version() const { return m_version.load(); }
    // `replayed_lsn`: how far the read replica that rendered the tile had
    // replayed the primary's WAL (none: rendered on the primary). A tile from
    // a replica behind the last announced change is not kept either.
    void put(const std::string& key, std::shared_ptr<const CachedTile> tile, std::uint64_t rendered_at_version,
             std::optional<std::uint64_t> replayed_lsn = std::nullopt);

    // The primary's WAL position after a change was announced: from now on
    // put() keeps only tiles from replicas that have replayed at least this
    // far. Call it before invalidate()/clear() for that change.
    void require_lsn(std::uint64_t lsn);
    [[nodiscard]] std::uint64_t required_lsn() const { return m_required_lsn.load(); }

    // Drops the tiles that show any of `codes` (sorted or not) and bumps the data version.
    void invalidate(const std::vector<std::string>& codes);
    // Drops everything and bumps the data version (boundaries changed, or
    // notifications may have been missed).
    void clear();

    [[nodiscard]] TileCacheStats stats() const;
    [[nodiscard]] std::size_t budget() const { return m_budget; }

private:
    struct Entry {
        std::string key;
        std::shared_ptr<const CachedTile> tile;
        std::size_t weight;
    };
    void evict_locked();
    void erase_locked(std::list<Entry>::iterator it);

    const std::size_t m_budget;
    mutable std::mutex m_mutex;
    std::list<Entry> m_lru;  // front = most recently used
    std::unordered_map<std::string, std::list<Entry>::iterator> m_index;
    std::size_t m_bytes = 0;
    std::atomic<std::uint64_t> m_version{1};
    std::atomic<std::uint64_t> m_required_lsn{0};
    std::atomic<std::uint64_t> m_hits{0};
    std::atomic<std::uint64_t> m_misses{0};
    std::uint64_t m_evictions = 0;
    std::uint64_t m_invalidated = 0;
};

}  // namespace policymap::tiles
