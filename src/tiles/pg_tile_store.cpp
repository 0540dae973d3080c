#include "tiles/pg_tile_store.hpp"

#include "db/errors.hpp"
#include "db/pool.hpp"

#include <pqxx/pqxx>

namespace policymap::tiles {

std::string PgTileStore::render(const LayerDefinition& layer, const core::TileCoord& coord) {
    auto lease = m_pool.acquire();
    try {
        const auto& stmt = lease.prepared(layer.sql);
        pqxx::read_transaction tx(lease.connection());
        auto result = tx.exec_prepared(stmt, coord.z, static_cast<long long>(coord.x), static_cast<long long>(coord.y));
        if (result.empty() || result[0][0].is_null()) return {};
        pqxx::binarystring bytes(result[0][0]);
        return bytes.str();
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

}  // namespace policymap::tiles
