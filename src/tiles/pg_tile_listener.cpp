#include "tiles/pg_tile_listener.hpp"

#include "core/resources.hpp"
#include "tiles/tile_cache.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

namespace policymap::tiles {

namespace {

constexpr const char* channel_name = "policymap_tiles";

// Collects the payloads that arrive during one await; the caller applies them at once.
class Receiver : public pqxx::notification_receiver {
public:
    Receiver(pqxx::connection_base& conn, bool& all, std::set<std::string>& codes)
        : pqxx::notification_receiver(conn, channel_name), m_all(all), m_codes(codes) {}
    void operator()(const std::string& payload, int) override {
        if (payload == "*") {
            m_all = true;
            return;
        }
        std::size_t start = 0;
        while (start <= payload.size()) {
            auto comma = payload.find(',', start);
            auto code = payload.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (!code.empty()) m_codes.insert(code);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }

private:
    bool& m_all;
    std::set<std::string>& m_codes;
};

// The primary's WAL position now, which is past every change already announced.
void require_current_lsn(pqxx::connection_base& conn, TileCache& cache) {
    static const std::string sql(core::resource("src/tiles/sql/current_lsn.sql"));
    pqxx::nontransaction tx(conn);
    cache.require_lsn(tx.exec(sql)[0][0].as<std::uint64_t>());
}

}  // namespace

PgTileListener::PgTileListener(core::Secret url, TileCache& cache, bool replicas)
    : PgTileListener([url = std::move(url)] { return url; }, cache, replicas) {}

PgTileListener::PgTileListener(std::function<core::Secret()> locate, TileCache& cache, bool replicas)
    : m_locate(std::move(locate)), m_cache(cache), m_replicas(replicas) {
    m_thread = std::thread([this] { run(); });
}

PgTileListener::~PgTileListener() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
}

void PgTileListener::run() {
    int backoff_ms = 100;
    bool first = true;
    while (!m_stop) {
        try {
            pqxx::connection conn(m_locate().reveal());
            bool all = false;
            std::set<std::string> codes;
            Receiver receiver(conn, all, codes);  // LISTENs while it lives
            // Whatever changed while we were not listening is unknown: start afresh.
            if (!first) {
                if (m_replicas) require_current_lsn(conn, m_cache);
                m_cache.clear();
                spdlog::info("tile invalidation: listening again; tile cache cleared");
            }
            first = false;
            m_listening = true;
            backoff_ms = 100;
            while (!m_stop) {
                // Wake up at least every 200 ms to notice a stop request.
                if (conn.await_notification(0, 200000) == 0) continue;
                // Take everything already queued, then apply it as one batch.
                while (conn.get_notifs() > 0) {
                }
                if (m_replicas && (all || !codes.empty())) require_current_lsn(conn, m_cache);
                if (all) {
                    m_cache.clear();
                } else if (!codes.empty()) {
                    m_cache.invalidate(std::vector<std::string>(codes.begin(), codes.end()));
                }
                spdlog::debug("tile invalidation: {}", all ? std::string("all areas") : std::to_string(codes.size()) + " areas");
                all = false;
                codes.clear();
            }
        } catch (const std::exception& e) {
            m_listening = false;
            if (m_stop) break;
            spdlog::warn("tile invalidation: connection lost ({}); retrying in {} ms", e.what(), backoff_ms);
            for (int waited = 0; waited < backoff_ms && !m_stop; waited += 50) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            backoff_ms = std::min(backoff_ms * 2, 5000);
        }
    }
}

}  // namespace policymap::tiles
