#include "tiles/pg_tile_store.hpp"

#include "db/errors.hpp"
#include "db/pool.hpp"

#include <pqxx/pqxx>

#include <chrono>
#include <ctime>

namespace policymap::tiles {

namespace {

// A text[] literal with every element quoted; purposes come from the closed
// vocabulary, and quoting keeps any character literal anyway.
std::string text_array(const std::vector<std::string>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += '"';
        for (char c : items[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

RenderedTile PgTileStore::render(const LayerDefinition& layer, const core::TileCoord& coord, const TileFilter& filter) {
    auto lease = m_pool.acquire();
    try {
        const auto& stmt = lease.prepared(layer.sql);
        // One statement: no BEGIN/COMMIT round trips.
        pqxx::nontransaction tx(lease.connection());
        // Read before the tile statement takes its snapshot, so the tile shows
        // at least everything replayed up to this position.
        std::optional<std::uint64_t> replayed_lsn;
        if (m_replicas) {
            auto lsn = tx.exec_prepared(lease.prepared("src/tiles/sql/replay_lsn.sql"));
            if (!lsn.empty() && !lsn[0][0].is_null()) replayed_lsn = lsn[0][0].as<std::uint64_t>();
        }
        auto result = tx.exec_prepared(stmt, coord.z, static_cast<long long>(coord.x), static_cast<long long>(coord.y),
                                       filter.any(), text_array(filter.purposes), filter.open,
                                       filter.at.value_or(utc_now()));
        RenderedTile out;
        out.replayed_lsn = replayed_lsn;
        if (result.empty() || result[0][0].is_null()) return out;
        pqxx::binarystring bytes(result[0][0]);
        out.bytes = bytes.str();
        if (!result[0][1].is_null()) {
            auto array = result[0][1].as_array();
            for (auto item = array.get_next(); item.first != pqxx::array_parser::done; item = array.get_next()) {
                if (item.first == pqxx::array_parser::string_value) out.codes.push_back(item.second);
            }
        }
        return out;
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

std::optional<std::array<double, 4>> PgTileStore::bounds() {
    auto lease = m_pool.acquire();
    try {
        const auto& stmt = lease.prepared("src/tiles/sql/bounds.sql");
        pqxx::read_transaction tx(lease.connection());
        auto result = tx.exec_prepared(stmt);
        if (result.empty() || result[0][0].is_null()) return std::nullopt;
        return std::array<double, 4>{result[0][0].as<double>(), result[0][1].as<double>(), result[0][2].as<double>(),
                                     result[0][3].as<double>()};
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

}  // namespace policymap::tiles
