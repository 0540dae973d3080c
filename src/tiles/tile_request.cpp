#include "tiles/tile_request.hpp"

#include "core/error.hpp"

#include <charconv>
#include <cstdint>

namespace policymap::tiles {

namespace {

// Returns the value, or UINT64_MAX for a number too long to hold (then "above 22" / "outside the grid").
std::uint64_t parse_index(std::string_view name, std::string_view text) {
    std::uint64_t value = 0;
    if (!text.empty() && text.size() > 10 && text.find_first_not_of("0123456789") == std::string_view::npos) {
        return UINT64_MAX;
    }
    // Digits only: no sign, no spaces, no hex, at most 10 digits (2^22 fits easily).
    bool digits = !text.empty() && text.size() <= 10 &&
                  text.find_first_not_of("0123456789") == std::string_view::npos;
    if (digits) {
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        digits = ec == std::errc() && ptr == text.data() + text.size();
    }
    if (!digits) {
        core::throw_invalid("invalid-tile-address", std::string(name) + " must be a non-negative integer",
                            {{std::string(name), std::string(text.substr(0, 64)), "not a non-negative integer"}});
    }
    return value;
}

}  // namespace

TileRequest parse_tile_request(std::string_view layer, std::string_view z, std::string_view x, std::string_view y_mvt) {
    constexpr std::string_view ext = ".mvt";
    if (y_mvt.size() <= ext.size() || y_mvt.substr(y_mvt.size() - ext.size()) != ext) {
        core::throw_invalid("invalid-tile-address", "a tile address ends in {y}.mvt",
                            {{"y", std::string(y_mvt.substr(0, 64)), "expected {y}.mvt"}});
    }
    std::string_view y = y_mvt.substr(0, y_mvt.size() - ext.size());
    const std::uint64_t zv = parse_index("z", z);
    const std::uint64_t xv = parse_index("x", x);
    const std::uint64_t yv = parse_index("y", y);
    if (zv > static_cast<std::uint64_t>(core::max_tile_zoom)) {
        core::throw_invalid("invalid-tile-address", "z must be between 0 and 22",
                            {{"z", std::string(z.substr(0, 64)), "above 22"}});
    }
    const std::uint64_t n = std::uint64_t{1} << zv;  // zv <= 22 here
    std::vector<core::FieldProblem> problems;
    if (xv >= n) problems.push_back({"x", std::string(x.substr(0, 64)), "outside 0.." + std::to_string(n - 1) + " at z" + std::to_string(zv)});
    if (yv >= n) problems.push_back({"y", std::string(y.substr(0, 64)), "outside 0.." + std::to_string(n - 1) + " at z" + std::to_string(zv)});
    if (!problems.empty()) {
        core::throw_invalid("invalid-tile-address", "tile index outside the grid of zoom " + std::to_string(zv),
                            std::move(problems));
    }
    return TileRequest{std::string(layer),
                       core::TileCoord{static_cast<int>(zv), static_cast<std::uint32_t>(xv), static_cast<std::uint32_t>(yv)}};
}

}  // namespace policymap::tiles
