#pragma once

#include "http/agency_handlers.hpp"
#include "http/message.hpp"
#include "http/response_cache.hpp"
#include "http/static_files.hpp"

#include <functional>
#include <optional>
#include <string>

namespace policymap::tiles {
class TileService;
}
namespace policymap::programmes {
class LookupService;
class ProgrammeSearch;
class AreaDirectory;
class FeatureStore;
}  // namespace policymap::programmes

namespace policymap::http {

struct Services {
    tiles::TileService& tiles;
    programmes::LookupService& lookup;
    const StaticFiles& web;
    AgencyServices agency{};  // editing endpoints; absent: they answer 503
    // Search API (/v1/programmes, /v1/areas); not served when null.
    programmes::ProgrammeSearch* search = nullptr;
    programmes::AreaDirectory* areas = nullptr;
    // Rendered search and lookup answers (http/response_cache.hpp); none when null.
    ResponseCache* responses = nullptr;
    // OGC API - Features (/ogc) and the GeoJSON / GeoPackage exports; /ogc
    // is not served when null.
    programmes::FeatureStore* features = nullptr;
    // /readyz: nullopt when the database is reachable and current, else why
    // not. Unset: always ready.
    std::function<std::optional<std::string>()> readiness;
};

// Method and path lead to a handler; every handler runs inside one guard that
// turns core::Error and any other exception into problem+json. Never throws.
class Router {
public:
    explicit Router(Services services) : m_services(services) {}
    Response handle(const Request& request) const;

private:
    Response dispatch(const Request& request) const;
    Services m_services;
};

}  // namespace policymap::http
