#pragma once

#include <cstdint>
#include <string>

namespace policymap::core {

// A tile address in the XYZ (Web Mercator, origin top-left) scheme.
struct TileCoord {
    int z = 0;
    std::uint32_t x = 0;
    std::uint32_t y = 0;

    [[nodiscard]] std::string to_string() const;
    friend bool operator==(const TileCoord&, const TileCoord&) = default;
};

constexpr int max_tile_zoom = 22;

}  // namespace policymap::core
