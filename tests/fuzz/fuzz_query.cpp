// libFuzzer target: query-string splitting and percent-decoding, and the
// tile filters parsed from the result.
#include "core/error.hpp"
#include "http/message.hpp"
#include "tiles/tile_request.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    try {
        auto q = policymap::http::parse_query(input);
        for (const auto& [k, v] : q) {
            if (k.size() > size || v.size() > size) __builtin_trap();
        }
        auto filter = policymap::tiles::parse_tile_filter(q);
        // The canonical form parses back to itself.
        auto again = policymap::tiles::parse_tile_filter(policymap::http::parse_query(filter.canonical_query()));
        if (again.canonical_query() != filter.canonical_query()) __builtin_trap();
    } catch (const policymap::core::Error& e) {
        if (e.kind() != policymap::core::ErrorKind::invalid_input) __builtin_trap();
    }
    return 0;
}
