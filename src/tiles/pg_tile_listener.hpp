#pragma once

#include "core/redacted.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

namespace policymap::tiles {

class TileCache;

// LISTENs on the channel `policymap_tiles` (see 0004_tiles.sql) on its own
// connection and drops the tiles of the areas each notification names ('*':
// all). On a lost connection it reconnects with backoff and clears the whole
// cache, since notifications may have been missed meanwhile. One per server
// process; every process sharing the database stays correct.
//
// It must listen on the primary. With `replicas` (tiles are rendered on read
// replicas) each notice also reads the primary's WAL position and makes the
// cache refuse tiles from replicas that have not replayed that far
// (TileCache::require_lsn), so a lagging replica cannot put an old tile back.
class PgTileListener {
public:
    // With `replicas` (tiles are rendered on read replicas), see above.
    PgTileListener(core::Secret url, TileCache& cache, bool replicas = false);
    // `locate` is asked for the database's address before each (re)connection.
    PgTileListener(std::function<core::Secret()> locate, TileCache& cache, bool replicas = false);
    ~PgTileListener();
    PgTileListener(const PgTileListener&) = delete;
    PgTileListener& operator=(const PgTileListener&) = delete;

    // True once the first LISTEN is in place (tests and start-up logs).
    [[nodiscard]] bool listening() const { return m_listening.load(); }

private:
    void run();

    std::function<core::Secret()> m_locate;
    TileCache& m_cache;
    bool m_replicas;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_listening{false};
    std::thread m_thread;
};

}  // namespace policymap::tiles
