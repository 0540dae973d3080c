#include "tiles/tile_service.hpp"

#include "core/error.hpp"

namespace policymap::tiles {

TileService::TileService(LayerRegistry layers, TileStore& store) : m_layers(std::move(layers)), m_store(store) {}

Tile TileService::render(const TileRequest& request) {
    const LayerDefinition* layer = m_layers.find(request.layer);
    if (layer == nullptr) {
        std::string known;
        for (const auto& l : m_layers.layers()) known += (known.empty() ? "" : ", ") + l.id;
        throw core::Error(core::ErrorKind::not_found, "unknown-layer",
                          "no tile layer named '" + request.layer.substr(0, 64) + "' (layers: " + known + ")");
    }
    if (request.coord.z > layer->maxzoom || request.coord.z < layer->minzoom) {
        throw core::Error(core::ErrorKind::not_found, "zoom-out-of-range",
                          "layer '" + layer->id + "' has tiles from zoom " + std::to_string(layer->minzoom) + " to " +
                              std::to_string(layer->maxzoom) + ", not " + std::to_string(request.coord.z));
    }
    return Tile{m_store.render(*layer, request.coord)};
}

}  // namespace policymap::tiles
