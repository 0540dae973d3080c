#include "http/problem.hpp"

#include <nlohmann/json.hpp>

namespace policymap::http {

int status_of(core::ErrorKind kind) {
    using core::ErrorKind;
    switch (kind) {
        case ErrorKind::invalid_input: return 400;
        case ErrorKind::unauthenticated: return 401;
        case ErrorKind::forbidden: return 403;
        case ErrorKind::not_found: return 404;
        case ErrorKind::method_not_allowed: return 405;
        case ErrorKind::conflict: return 409;
        case ErrorKind::precondition_failed: return 412;
        case ErrorKind::too_large: return 413;
        case ErrorKind::precondition_required: return 428;
        case ErrorKind::rate_limited: return 429;
        case ErrorKind::internal: return 500;
        case ErrorKind::unavailable: return 503;
        case ErrorKind::timeout: return 504;
    }
    return 500;
}

namespace {
const char* title_of(int status) {
    switch (status) {
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 409: return "Conflict";
        case 412: return "Precondition Failed";
        case 413: return "Content Too Large";
        case 428: return "Precondition Required";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 501: return "Not Implemented";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "Internal Server Error";
    }
}
}  // namespace

namespace {
Response render(int status, const std::string& code, const std::string& detail,
                const std::vector<core::FieldProblem>& fields, const std::string& request_id) {
    nlohmann::json body{{"type", "/problems/" + code},
                        {"title", title_of(status)},
                        {"status", status},
                        {"detail", status == 500 ? std::string("internal error; quote the request id") : detail},
                        {"instance", "urn:request:" + request_id},
                        {"request_id", request_id}};
    if (!fields.empty()) {
        auto& errors = body["errors"] = nlohmann::json::array();
        for (const auto& f : fields) errors.push_back({{"field", f.field}, {"value", f.value}, {"message", f.message}});
    }
    Response r;
    r.status = status;
    r.set("Content-Type", "application/problem+json");
    if (status == 503) r.set("Retry-After", "5");
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}
}  // namespace

Response problem_response(const core::Error& error, const std::string& request_id) {
    auto r = render(status_of(error.kind()), error.code(), error.detail(), error.fields(), request_id);
    if (error.retry_after() > 0) r.set("Retry-After", std::to_string(error.retry_after()));
    return r;
}

Response protocol_problem(int status, const std::string& code, const std::string& detail, const std::string& request_id) {
    return render(status, code, detail, {}, request_id);
}

}  // namespace policymap::http
