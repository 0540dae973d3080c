#pragma once

#include "tiles/tile_service.hpp"

namespace policymap::db {
class Pool;
}

namespace policymap::tiles {

class PgTileStore : public TileStore {
public:
    explicit PgTileStore(db::Pool& pool) : m_pool(pool) {}
    RenderedTile render(const LayerDefinition& layer, const core::TileCoord& coord, const TileFilter& filter) override;
    std::optional<std::array<double, 4>> bounds() override;

private:
    db::Pool& m_pool;
};

}  // namespace policymap::tiles
