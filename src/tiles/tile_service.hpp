#pragma once

#include "tiles/layer_registry.hpp"
#include "tiles/tile_request.hpp"

#include <memory>
#include <string>

namespace policymap::tiles {

// Where tiles come from: PostGIS in production (pg_tile_store.cpp), a fake in unit tests.
class TileStore {
public:
    virtual ~TileStore() = default;
    // Renders one tile of `layer`; an empty string is an empty tile.
    virtual std::string render(const LayerDefinition& layer, const core::TileCoord& coord) = 0;
};

struct Tile {
    std::string bytes;  // MVT, uncompressed; empty = no features
    [[nodiscard]] bool empty() const { return bytes.empty(); }
};

class TileService {
public:
    TileService(LayerRegistry layers, TileStore& store);

    // Throws core::Error(not_found) for an unknown layer or a zoom outside the
    // layer's range, and what the store throws (unavailable, timeout).
    Tile render(const TileRequest& request);

    [[nodiscard]] const LayerRegistry& layers() const { return m_layers; }

private:
    LayerRegistry m_layers;
    TileStore& m_store;
};

}  // namespace policymap::tiles
