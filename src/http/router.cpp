#include "http/router.hpp"

#include "core/error.hpp"
#include "http/handlers.hpp"
#include "http/problem.hpp"

#include <spdlog/spdlog.h>

namespace policymap::http {

namespace {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        out.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return out;
}

[[noreturn]] void method_not_allowed(const Request& request, const std::string& allowed) {
    throw core::Error(core::ErrorKind::method_not_allowed, "method-not-allowed",
                      request.method.substr(0, 16) + " is not allowed here; allowed: " + allowed);
}

}  // namespace

Response Router::dispatch(const Request& request) const {
    const bool read = request.method == "GET" || request.method == "HEAD";
    const auto segments = split_path(request.path);
    if (request.path == "/healthz") {
        if (!read) method_not_allowed(request, "GET, HEAD");
        return handle_health(request);
    }
    if (request.path == "/v1/lookup") {
        if (!read) method_not_allowed(request, "GET, HEAD");
        return handle_lookup(request, m_services.lookup);
    }
    if (!segments.empty() && segments[0] == "tiles") {
        if (!read) method_not_allowed(request, "GET, HEAD");
        if (segments.size() == 2 && segments[1] == "cache") return handle_tile_cache(request, m_services.tiles);
        if (segments.size() == 2 && segments[1].size() > 5 && segments[1].ends_with(".json")) {
            return handle_tilejson(request, m_services.tiles, segments[1].substr(0, segments[1].size() - 5));
        }
        if (segments.size() != 5) {
            core::throw_not_found("not-found", "tiles are at /tiles/{layer}/{z}/{x}/{y}.mvt, TileJSON at /tiles/{layer}.json");
        }
        return handle_tile(request, m_services.tiles, segments);
    }
    if (request.path == "/styles/policymap.json") {
        if (!read) method_not_allowed(request, "GET, HEAD");
        return handle_style(request, m_services.tiles);
    }
    if (segments.size() == 3 && segments[0] == "fonts") {
        if (!read) method_not_allowed(request, "GET, HEAD");
        return handle_glyphs(request, segments[1], segments[2]);
    }
    if (auto file = m_services.web.serve(request.path, request)) {
        if (!read) method_not_allowed(request, "GET, HEAD");
        return *file;
    }
    core::throw_not_found("not-found", "nothing at this address");
}

Response Router::handle(const Request& request) const {
    Response response;
    try {
        response = dispatch(request);
    } catch (const core::Error& e) {
        if (e.kind() == core::ErrorKind::internal) spdlog::error("request {} failed: {}", request.request_id, e.what());
        response = problem_response(e, request.request_id);
        if (e.kind() == core::ErrorKind::method_not_allowed) response.set("Allow", "GET, HEAD");
    } catch (const std::exception& e) {
        spdlog::error("request {} failed: {}", request.request_id, e.what());
        response = problem_response(core::Error(core::ErrorKind::internal, "internal", "internal error"), request.request_id);
    }
    response.set("X-Request-Id", request.request_id);
    response.set("X-Content-Type-Options", "nosniff");
    if (request.method == "HEAD") response.body.clear();
    return response;
}

}  // namespace policymap::http
