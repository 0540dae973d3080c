// libFuzzer target: the tile address parser (/tiles/{layer}/{z}/{x}/{y}.mvt).
#include "core/error.hpp"
#include "tiles/tile_request.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (parts.size() < 3) {
        auto slash = input.find('/', start);
        if (slash == std::string::npos) break;
        parts.push_back(input.substr(start, slash - start));
        start = slash + 1;
    }
    parts.push_back(input.substr(start));
    while (parts.size() < 4) parts.emplace_back();
    try {
        auto req = policymap::tiles::parse_tile_request(parts[0], parts[1], parts[2], parts[3]);
        // A parsed address is always inside the grid.
        if (req.coord.z > 22 || req.coord.x >= (1u << req.coord.z) || req.coord.y >= (1u << req.coord.z)) __builtin_trap();
    } catch (const policymap::core::Error& e) {
        if (e.kind() != policymap::core::ErrorKind::invalid_input) __builtin_trap();
    }
    return 0;
}
