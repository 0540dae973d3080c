#pragma once

#include "core/error.hpp"
#include "http/message.hpp"

namespace policymap::http {

// The only table from error kind to HTTP status.
int status_of(core::ErrorKind kind);

// Renders an RFC 9457 application/problem+json response: type
// (/problems/<code>), title, status, detail, instance (urn:request:<id>),
// request_id and
// errors[] for field-level problems.
Response problem_response(const core::Error& error, const std::string& request_id);

// A problem found by the HTTP layer itself before any route is known, with a
// status that no error kind maps to (431 header too large, 501 unknown method).
Response protocol_problem(int status, const std::string& code, const std::string& detail, const std::string& request_id);

}  // namespace policymap::http
