#include "http/json_response.hpp"

namespace policymap::http {

Response json_response(const nlohmann::json& body, int status) {
    Response r;
    r.status = status;
    r.set("Content-Type", "application/json; charset=utf-8");
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

}  // namespace policymap::http
