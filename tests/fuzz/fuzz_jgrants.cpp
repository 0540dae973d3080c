// libFuzzer target: jGrants snapshot records as they come from outside.
#include "core/error.hpp"
#include "programmes/jgrants_snapshot.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string input(reinterpret_cast<const char*>(data), size);
    try {
        auto snap = policymap::programmes::parse_jgrants(input, "fuzz.json");
        for (const auto& r : snap.records) {
            if (r.id.empty() || r.title.empty()) __builtin_trap();  // refused, never kept half-read
            if (r.subsidy_max_limit && *r.subsidy_max_limit <= 0) __builtin_trap();
        }
    } catch (const policymap::core::Error& e) {
        if (e.kind() != policymap::core::ErrorKind::invalid_input) __builtin_trap();
    }
    return 0;
}
