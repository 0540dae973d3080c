// tiles/ owns the vector tile layers: their definitions (tiles/layers.json,
// embedded), the checks on a tile request, and rendering through PostGIS.
// It must not depend on http/ or programmes/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace policymap::tiles {

struct LayerDefinition {
    std::string id;
    std::string sql;  // embedded SQL file that renders one tile ($1 z, $2 x, $3 y)
    int minzoom = 0;
    int maxzoom = 0;
    std::string description;
    std::vector<std::pair<std::string, std::string>> fields;  // name, MVT type ("String", "Number")
};

class LayerRegistry {
public:
    // Parses a layers document (the shape of tiles/layers.json). Throws
    // core::Error(internal) when it is malformed: a build defect.
    static LayerRegistry from_json(std::string_view text);
    // The layers embedded from tiles/layers.json.
    static LayerRegistry embedded();

    [[nodiscard]] const LayerDefinition* find(std::string_view id) const;
    [[nodiscard]] const std::vector<LayerDefinition>& layers() const { return m_layers; }

private:
    std::vector<LayerDefinition> m_layers;
};

}  // namespace policymap::tiles
