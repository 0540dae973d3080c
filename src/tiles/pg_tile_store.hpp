#pragma once

#include "tiles/tile_service.hpp"

namespace policymap::db {
class Pool;
}

namespace policymap::tiles {

class PgTileStore : public TileStore {
public:
    explicit PgTileStore(db::Pool& pool) : m_pool(pool) {}
    std::string render(const LayerDefinition& layer, const core::TileCoord& coord) override;

private:
    db::Pool& m_pool;
};

}  // namespace policymap::tiles
