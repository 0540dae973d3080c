#include "core/purposes.hpp"

namespace policymap::core {

std::optional<std::size_t> purpose_index(std::string_view value) {
    for (std::size_t i = 0; i < purposes.size(); ++i) {
        if (purposes[i] == value) return i;
    }
    return std::nullopt;
}

std::string purposes_list() {
    std::string out;
    for (auto p : purposes) {
        if (!out.empty()) out += ", ";
        out += p;
    }
    return out;
}

}  // namespace policymap::core
