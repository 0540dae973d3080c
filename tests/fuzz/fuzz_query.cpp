// libFuzzer target: query-string splitting and percent-decoding.
#include "core/error.hpp"
#include "http/message.hpp"

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
    } catch (const policymap::core::Error& e) {
        if (e.kind() != policymap::core::ErrorKind::invalid_input) __builtin_trap();
    }
    return 0;
}
