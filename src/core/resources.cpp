#include "core/resources.hpp"

#include "core/error.hpp"

#include <string>

namespace policymap::core {

std::string_view resource(std::string_view path) {
    const auto& table = resource_table();
    auto it = table.find(path);
    if (it == table.end()) {
        throw Error(ErrorKind::internal, "missing-resource", "embedded resource missing: " + std::string(path));
    }
    return it->second;
}

}  // namespace policymap::core
