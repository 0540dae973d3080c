#include "core/tile_coord.hpp"

namespace policymap::core {

std::string TileCoord::to_string() const {
    return std::to_string(z) + "/" + std::to_string(x) + "/" + std::to_string(y);
}

}  // namespace policymap::core
