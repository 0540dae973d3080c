#pragma once

#include "http/message.hpp"

#include <nlohmann/json.hpp>

namespace policymap::http {

// A JSON response (UTF-8; invalid bytes in strings replaced, never thrown on).
Response json_response(const nlohmann::json& body, int status = 200);

}  // namespace policymap::http
