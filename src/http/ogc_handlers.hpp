#pragma once

#include "http/message.hpp"

#include <string>
#include <vector>

namespace policymap::programmes {
class FeatureStore;
}

namespace policymap::http {

// OGC API - Features (Part 1 core and GeoJSON, Part 2 CRS) under /ogc:
// landing page, conformance, collections, items and single items.
// `segments` is the path split on '/', starting with "ogc". Throws
// core::Error(not_found) for unknown collections, features and paths, and
// core::Error(invalid_input, "invalid-parameter") naming each bad parameter.
Response handle_ogc(const Request& request, programmes::FeatureStore& features, const std::vector<std::string>& segments);

}  // namespace policymap::http
