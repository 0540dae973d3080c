// libFuzzer target: Mirasapo plus CSV files as they come from outside (and
// the recognition that decides whether a file is one).
#include "core/error.hpp"
#include "programmes/programme_snapshot.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string input(reinterpret_cast<const char*>(data), size);
    try {
        auto snap = policymap::programmes::parse_snapshot(input, "fuzz.csv");
        if (const auto* m = std::get_if<policymap::programmes::MirasapoSnapshot>(&snap)) {
            for (const auto& r : m->records) {
                if (r.id.empty() || r.title.empty()) __builtin_trap();  // refused, never kept half-read
                for (const auto& p : r.prefecture_ids) {
                    if (p.empty() || p.size() > 2) __builtin_trap();
                }
            }
        }
    } catch (const policymap::core::Error& e) {
        if (e.kind() != policymap::core::ErrorKind::invalid_input) __builtin_trap();
    }
    return 0;
}
