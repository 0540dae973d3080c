// libFuzzer target: the area resolver on arbitrary text, against the real N03
// gazetteer ($POLICYMAP_DATA). Fields are separated by NUL bytes:
// title \0 target_area_search \0 target_area_detail \0 institution_name.
#include "core/error.hpp"
#include "programmes/area_resolver.hpp"
#include "programmes/n03_places.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace {
std::unique_ptr<policymap::programmes::Gazetteer> gazetteer;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    namespace ts = policymap::programmes::test_support;
    gazetteer = std::make_unique<policymap::programmes::Gazetteer>(ts::load_n03_places(ts::data_dir()));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string input(reinterpret_cast<const char*>(data), size);
    std::string fields[4];
    std::size_t f = 0;
    for (char c : input) {
        if (c == '\0' && f < 3) {
            ++f;
        } else {
            fields[f] += c;
        }
    }
    try {
        auto cov = policymap::programmes::resolve_jgrants({fields[0], fields[1], fields[2], fields[3]}, *gazetteer);
        // Nothing is dropped: every record keeps at least a national or prefectural coverage, or says why not.
        if (cov.codes.empty() && cov.notes.empty()) __builtin_trap();
        for (const auto& code : cov.codes) {
            if (code != "JP" && code.size() != 2 && code.size() != 5) __builtin_trap();
        }
    } catch (const policymap::core::Error& e) {
        if (e.kind() != policymap::core::ErrorKind::invalid_input) __builtin_trap();
    }
    return 0;
}
