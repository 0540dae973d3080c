#pragma once

#include "core/error.hpp"
#include "http/message.hpp"

namespace policymap::http {

// The only table from error kind to HTTP status.
int status_of(core::ErrorKind kind);

// Renders an RFC 9457 application/problem+json response: type
// (/problems/<code>), title, status, detail, instance (the request id) and
// errors[] for field-level problems.
Response problem_response(const core::Error& error, const std::string& request_id);

}  // namespace policymap::http
