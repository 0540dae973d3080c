#pragma once

#include "core/tile_coord.hpp"

#include <string>
#include <string_view>

namespace policymap::tiles {

struct TileRequest {
    std::string layer;
    core::TileCoord coord;
};

// Parses the path segments of /tiles/{layer}/{z}/{x}/{y}.mvt. Throws
// core::Error(invalid_input, "invalid-tile-address") naming the bad part when
// z, x or y is not a non-negative integer, z is above 22, or x or y lies
// outside 0 .. 2^z-1.
TileRequest parse_tile_request(std::string_view layer, std::string_view z, std::string_view x, std::string_view y_mvt);

}  // namespace policymap::tiles
