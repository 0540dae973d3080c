#pragma once

#include "http/agency_handlers.hpp"
#include "http/message.hpp"
#include "http/static_files.hpp"

namespace policymap::tiles {
class TileService;
}
namespace policymap::programmes {
class LookupService;
}

namespace policymap::http {

struct Services {
    tiles::TileService& tiles;
    programmes::LookupService& lookup;
    const StaticFiles& web;
    AgencyServices agency{};  // editing endpoints; absent: they answer 503
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
