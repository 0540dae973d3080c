#pragma once

#include "http/message.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace policymap::auth {
class AgencyStore;
}
namespace policymap::programmes {
class ProgrammeEditor;
}

namespace policymap::http {

class RateLimiter;

struct AgencyLimits {
    std::size_t max_edit_bytes = 1 << 20;     // one programme as JSON
    std::size_t max_import_bytes = 8 << 20;   // one upload
};

// What the agency endpoints need; all absent in a server without editing.
struct AgencyServices {
    auth::AgencyStore* agencies = nullptr;
    programmes::ProgrammeEditor* editor = nullptr;
    RateLimiter* limiter = nullptr;
    AgencyLimits limits;
    // Failed authentications per client address: once used up, that address
    // gets 429 for any token until the bucket refills. None when null.
    RateLimiter* auth_failures = nullptr;
};

Response handle_programme_create(const Request& request, const AgencyServices& services);
Response handle_programme_update(const Request& request, const AgencyServices& services, std::int64_t id);
Response handle_programme_withdraw(const Request& request, const AgencyServices& services, std::int64_t id);
Response handle_programme_history(const Request& request, const AgencyServices& services, std::int64_t id);
Response handle_agency_import(const Request& request, const AgencyServices& services);
Response handle_agency_me(const Request& request, const AgencyServices& services);
Response handle_import_template(const Request& request);

// "12" -> 12; throws core::Error(not_found) for anything that is no programme id.
std::int64_t parse_programme_id(const std::string& segment);

// The versions an If-Match header accepts for programme `id`: nullopt when
// the header is absent, 0 for "*", -1 when no listed tag is this programme's.
std::optional<int> parse_if_match(const std::optional<std::string>& header, std::int64_t id);

std::string programme_etag(std::int64_t id, int version);

}  // namespace policymap::http
