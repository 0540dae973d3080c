#pragma once

#include "core/redacted.hpp"

#include <map>
#include <string>
#include <vector>

namespace policymap::programmes {

struct BoundaryReport {
    std::size_t files = 0;
    std::size_t features = 0;          // rows read (polygon parts in official Shapefiles)
    std::size_t undetermined = 0;      // features without N03_007 (所属未定地): counted, not imported
    std::vector<std::string> prefectures;      // prefecture codes whose areas this import replaced
    std::map<std::string, std::size_t> areas;  // areas in the database afterwards, by level
    std::vector<std::pair<std::string, std::string>> encodings;  // file, attribute encoding
};

// Imports N03 boundary files (GeoJSON, or zipped official Shapefiles) in one
// transaction: the areas of every prefecture they contain are replaced
// (municipalities, wards, designated cities; prefectures from a prefecture
// file or else from the union of their municipalities), then area links and
// counts are rebuilt. Throws core::Error(invalid_input) naming the file for
// unreadable input (and nothing is changed), core::Error(unavailable) when
// the database cannot be reached. A feature whose code or prefecture name is
// not a JIS X 0401 prefecture is refused (invalid_input, "invalid-boundaries").
BoundaryReport import_boundaries(const core::Secret& url, const std::vector<std::string>& paths);

}  // namespace policymap::programmes
