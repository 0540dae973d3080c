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
class PgTileListener {
public:
    PgTileListener(core::Secret url, TileCache& cache);
    // `locate` is asked for the database's address before each (re)connection.
    PgTileListener(std::function<core::Secret()> locate, TileCache& cache);
    ~PgTileListener();
    PgTileListener(const PgTileListener&) = delete;
    PgTileListener& operator=(const PgTileListener&) = delete;

    // True once the first LISTEN is in place (tests and start-up logs).
    [[nodiscard]] bool listening() const { return m_listening.load(); }

private:
    void run();

    std::function<core::Secret()> m_locate;
    TileCache& m_cache;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_listening{false};
    std::thread m_thread;
};

}  // namespace policymap::tiles
