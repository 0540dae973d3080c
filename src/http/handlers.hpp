#pragma once

#include "http/message.hpp"

#include <functional>
#include <optional>
#include <string>

namespace policymap::tiles {
class TileService;
}
namespace policymap::programmes {
class LookupService;
}

namespace policymap::http {

// Liveness: the process answers; never touches the database.
Response handle_health(const Request& request);
// Readiness: 200 {"status":"ready"}, or 503 problem "not-ready" (with
// Retry-After) naming why: database unreachable or migrations missing.
Response handle_ready(const Request& request, const std::function<std::optional<std::string>()>& readiness);
class ResponseCache;

// `cache` may be null.
Response handle_lookup(const Request& request, programmes::LookupService& lookup, ResponseCache* cache);
Response handle_tile(const Request& request, tiles::TileService& tiles, const std::vector<std::string>& segments);
Response handle_tilejson(const Request& request, tiles::TileService& tiles, const std::string& layer_id);
Response handle_style(const Request& request, tiles::TileService& tiles);
Response handle_glyphs(const Request& request, const std::string& fontstack, const std::string& range_pbf);
Response handle_tile_cache(const Request& request, tiles::TileService& tiles);

// The OpenAPI document embedded at build time: /openapi.json and /openapi.yaml.
enum class ApiDocument { json, yaml };
Response handle_openapi(const Request& request, ApiDocument which);

// "proto://host" as the client sees this server: RFC 7239 Forwarded, else
// X-Forwarded-Proto / X-Forwarded-Host, else Host. Throws
// core::Error(invalid_input, "invalid-forwarded-header") for a bad value.
std::string public_base_url(const Request& request);

// Parses a decimal coordinate strictly (no trailing text, no hex, finite).
// Throws core::Error(invalid_input) naming `field`.
double parse_coordinate(const std::string& field, const std::optional<std::string>& text);

}  // namespace policymap::http
