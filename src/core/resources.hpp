// Files embedded into the binary at build time (cmake/embed_resources.cmake):
// every .sql under src/, the tile layer definitions in tiles/, the styles.
// Keyed by the path relative to the source root.
#pragma once

#include <map>
#include <string_view>

namespace policymap::core {

const std::map<std::string_view, std::string_view>& resource_table();

// The text of an embedded file. Throws core::Error(internal) when it is missing,
// which is a build defect, not a user error.
std::string_view resource(std::string_view path);

}  // namespace policymap::core
