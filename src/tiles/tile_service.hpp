#pragma once

#include "tiles/layer_registry.hpp"
#include "tiles/tile_cache.hpp"
#include "tiles/tile_request.hpp"

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace policymap::tiles {

// What the store renders: the MVT bytes and the codes of the areas in them.
struct RenderedTile {
    std::string bytes;               // empty = no features
    std::vector<std::string> codes;
    // How far the read replica had replayed the primary's WAL before it
    // rendered this tile; none when rendered on the primary.
    std::optional<std::uint64_t> replayed_lsn;
};

// Where tiles come from: PostGIS in production (pg_tile_store.cpp), a fake in unit tests.
class TileStore {
public:
    virtual ~TileStore() = default;
    virtual RenderedTile render(const LayerDefinition& layer, const core::TileCoord& coord, const TileFilter& filter) = 0;
    // [west, south, east, north] of all areas in degrees, or nullopt when there are none.
    virtual std::optional<std::array<double, 4>> bounds() = 0;
};

class TileService {
public:
    TileService(LayerRegistry layers, TileStore& store, TileCache& cache);

    // The tile from the cache, or rendered and cached. With `gzip` the result
    // holds the gzip form too. Throws core::Error(not_found) for an unknown
    // layer or a zoom outside the layer's range, and what the store throws
    // (unavailable, timeout).
    std::shared_ptr<const CachedTile> tile(const TileRequest& request, bool gzip);

    // The layer or core::Error(not_found, "unknown-layer").
    [[nodiscard]] const LayerDefinition& layer(const std::string& id) const;
    [[nodiscard]] const LayerRegistry& layers() const { return m_layers; }
    // Bounds of the data, cached until the cache is cleared (new boundaries).
    std::optional<std::array<double, 4>> bounds();

    [[nodiscard]] TileCache& cache() { return m_cache; }

private:
    LayerRegistry m_layers;
    TileStore& m_store;
    TileCache& m_cache;
    std::mutex m_bounds_mutex;
    std::optional<std::array<double, 4>> m_bounds;
    std::uint64_t m_bounds_version = 0;
};

// A strong ETag for `bytes` ("<16 hex digits>"), stable across processes.
std::string etag_of(std::string_view bytes);
// gzip (RFC 1952) of `bytes`.
std::string gzip_bytes(std::string_view bytes);

}  // namespace policymap::tiles
