#pragma once

#include "tiles/tile_service.hpp"

namespace policymap::db {
class Pool;
}

namespace policymap::tiles {

class PgTileStore : public TileStore {
public:
    // `replicas`: the pool's servers are read replicas; each render then
    // records how far its replica had replayed (RenderedTile::replayed_lsn).
    explicit PgTileStore(db::Pool& pool, bool replicas = false) : m_pool(pool), m_replicas(replicas) {}
    RenderedTile render(const LayerDefinition& layer, const core::TileCoord& coord, const TileFilter& filter) override;
    std::optional<std::array<double, 4>> bounds() override;

private:
    db::Pool& m_pool;
    bool m_replicas;
};

}  // namespace policymap::tiles
