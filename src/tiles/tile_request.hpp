#pragma once

#include "core/tile_coord.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace policymap::tiles {

// The filters a tile's counts follow. Canonical by construction: purposes in
// vocabulary order without repeats, `at` as UTC "YYYY-MM-DDTHH:MM:SSZ".
struct TileFilter {
    std::vector<std::string> purposes;  // empty = any purpose
    bool open = false;                  // only programmes accepting applications (now, or at `at`)
    std::optional<std::string> at;      // the moment for `open`; only with open

    [[nodiscard]] bool any() const { return !purposes.empty() || open; }
    // "purpose=..&open=true&at=..", percent-encoded, empty without filters.
    [[nodiscard]] std::string canonical_query() const;
};

struct TileRequest {
    std::string layer;
    core::TileCoord coord;
    TileFilter filter;

    // The cache key: the same tile with the same filters in any order gives the same key.
    [[nodiscard]] std::string key() const;
};

// Parses the path segments of /tiles/{layer}/{z}/{x}/{y}.mvt. Throws
// core::Error(invalid_input, "invalid-tile-address") naming the bad part when
// z, x or y is not a non-negative integer, z is above 22, or x or y lies
// outside 0 .. 2^z-1.
TileRequest parse_tile_request(std::string_view layer, std::string_view z, std::string_view x, std::string_view y_mvt);

// Parses tile query parameters: `purpose` (repeated or comma-separated, from
// core::purposes), `open` (true|false), `at` (ISO 8601 with offset, only with
// open=true). Throws core::Error(invalid_input, "invalid-tile-filter") naming
// every bad parameter, unknown ones included.
TileFilter parse_tile_filter(const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace policymap::tiles
