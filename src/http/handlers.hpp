#pragma once

#include "http/message.hpp"

namespace policymap::tiles {
class TileService;
}
namespace policymap::programmes {
class LookupService;
}

namespace policymap::http {

Response handle_health(const Request& request);
Response handle_lookup(const Request& request, programmes::LookupService& lookup);
Response handle_tile(const Request& request, tiles::TileService& tiles, const std::vector<std::string>& segments);

// Parses a decimal coordinate strictly (no trailing text, no hex, finite).
// Throws core::Error(invalid_input) naming `field`.
double parse_coordinate(const std::string& field, const std::optional<std::string>& text);

}  // namespace policymap::http
