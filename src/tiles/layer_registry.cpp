#include "tiles/layer_registry.hpp"

#include "core/error.hpp"
#include "core/resources.hpp"

#include <nlohmann/json.hpp>

namespace policymap::tiles {

LayerRegistry LayerRegistry::from_json(std::string_view text) {
    LayerRegistry reg;
    try {
        auto doc = nlohmann::json::parse(text);
        for (const auto& l : doc.at("layers")) {
            LayerDefinition def;
            def.id = l.at("id").get<std::string>();
            def.sql = l.at("sql").get<std::string>();
            def.minzoom = l.at("minzoom").get<int>();
            def.maxzoom = l.at("maxzoom").get<int>();
            def.description = l.value("description", "");
            for (const auto& [name, type] : l.at("fields").items()) def.fields.emplace_back(name, type.get<std::string>());
            reg.m_layers.push_back(std::move(def));
        }
    } catch (const nlohmann::json::exception& e) {
        throw core::Error(core::ErrorKind::internal, "bad-layer-definition", std::string("tile layers: ") + e.what());
    }
    return reg;
}

LayerRegistry LayerRegistry::embedded() { return from_json(core::resource("tiles/layers.json")); }

const LayerDefinition* LayerRegistry::find(std::string_view id) const {
    for (const auto& l : m_layers) {
        if (l.id == id) return &l;
    }
    return nullptr;
}

}  // namespace policymap::tiles
