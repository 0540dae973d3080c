#include "http/router.hpp"

#include "core/error.hpp"
#include "http/handlers.hpp"
#include "http/ogc_handlers.hpp"
#include "http/problem.hpp"
#include "http/search_handlers.hpp"
#include "metrics/registry.hpp"

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

// Public, read-only, cookie-free: what a page on another site may read when
// its origin is configured.
bool public_read_route(const std::string& route) {
    return route == "/v1/lookup" || route == "/v1/programmes" || route == "/v1/programmes/{id}" ||
           route == "/v1/areas" || route == "/v1/areas/{code}" || route == "/tiles/{layer}.json" ||
           route == "/tiles/{layer}/{z}/{x}/{y}.mvt" || route == "/styles/policymap.json" ||
           route == "/fonts/{fontstack}/{range}";
}

}  // namespace

std::string Router::route_template(const std::string& path) {
    static const std::vector<std::string> fixed{
        "/healthz",          "/readyz",       "/metrics",          "/v1/lookup",
        "/v1/programmes",    "/v1/areas",     "/v1/agency/import", "/v1/agency/import/template.csv",
        "/v1/agency/me",     "/tiles/cache",  "/styles/policymap.json", "/openapi.json",
        "/openapi.yaml",     "/docs",         "/ogc",              "/ogc/conformance",
        "/ogc/collections"};
    for (const auto& f : fixed) {
        if (path == f) return f;
    }
    if (path == "/" || path == "/embed" || path == "/embed/") return "/";
    const auto segments = split_path(path);
    if (segments.size() >= 3 && segments[0] == "v1" && segments[1] == "programmes") {
        if (segments.size() == 3) return "/v1/programmes/{id}";
        if (segments.size() == 4 && segments[3] == "history") return "/v1/programmes/{id}/history";
    }
    if (segments.size() == 3 && segments[0] == "v1" && segments[1] == "areas") return "/v1/areas/{code}";
    if (!segments.empty() && segments[0] == "tiles") {
        if (segments.size() == 2 && segments[1].ends_with(".json")) return "/tiles/{layer}.json";
        if (segments.size() == 5) return "/tiles/{layer}/{z}/{x}/{y}.mvt";
    }
    if (segments.size() == 3 && segments[0] == "fonts") return "/fonts/{fontstack}/{range}";
    if (segments.size() >= 3 && segments[0] == "ogc" && segments[1] == "collections") {
        if (segments.size() == 3) return "/ogc/collections/{collectionId}";
        if (segments.size() == 4 && segments[3] == "items") return "/ogc/collections/{collectionId}/items";
        if (segments.size() == 4 && segments[3] == "schema") return "/ogc/collections/{collectionId}/schema";
        if (segments.size() == 5 && segments[3] == "items") return "/ogc/collections/{collectionId}/items/{featureId}";
    }
    if (segments.size() >= 2 && segments[0] == "docs") return "/docs/{asset}";
    return "other";
}

std::optional<std::string> Router::cors_origin(const Request& request) const {
    if (m_services.cors_origins.empty()) return std::nullopt;
    const auto origin = request.header("origin");
    if (!origin || !public_read_route(route_template(request.path))) return std::nullopt;
    for (const auto& allowed : m_services.cors_origins) {
        if (allowed == "*") return std::string("*");
        if (allowed == *origin) return *origin;
    }
    return std::nullopt;
}

Response Router::dispatch(const Request& request) const {
    const bool read = request.method == "GET" || request.method == "HEAD";
    const auto segments = split_path(request.path);
    if (request.path == "/metrics" && m_services.metrics != nullptr) {
        if (!read) method_not_allowed(request, "GET, HEAD");
        Response r;
        r.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        r.set("Cache-Control", "no-store");
        r.body = m_services.metrics->render();
        return r;
    }
    if (request.path == "/healthz") {
        if (!read) method_not_allowed(request, "GET, HEAD");
        return handle_health(request);
    }
    if (request.path == "/openapi.json" || request.path == "/openapi.yaml") {
        if (!read) method_not_allowed(request, "GET, HEAD");
        return handle_openapi(request, request.path == "/openapi.json" ? ApiDocument::json : ApiDocument::yaml);
    }
    if (request.path == "/readyz") {
        if (!read) method_not_allowed(request, "GET, HEAD");
        return handle_ready(request, m_services.readiness);
    }
    if (request.path == "/v1/lookup") {
        if (!read) method_not_allowed(request, "GET, HEAD");
        return handle_lookup(request, m_services.lookup, m_services.responses);
    }
    // Agency editing. GET /v1/programmes and GET /v1/programmes/{id} belong to
    // search; only the write methods and the history are routed here, and
    // every other method falls through.
    if (segments.size() >= 2 && segments[0] == "v1" && segments[1] == "programmes") {
        if (segments.size() == 2 && request.method == "POST") return handle_programme_create(request, m_services.agency);
        if (segments.size() == 3 && (request.method == "PUT" || request.method == "PATCH")) {
            return handle_programme_update(request, m_services.agency, parse_programme_id(segments[2]));
        }
        if (segments.size() == 3 && request.method == "DELETE") {
            return handle_programme_withdraw(request, m_services.agency, parse_programme_id(segments[2]));
        }
        if (segments.size() == 4 && segments[3] == "history") {
            if (!read) method_not_allowed(request, "GET, HEAD");
            return handle_programme_history(request, m_services.agency, parse_programme_id(segments[2]));
        }
    }
    if (request.path == "/v1/agency/import") {
        if (request.method != "POST") method_not_allowed(request, "POST");
        return handle_agency_import(request, m_services.agency);
    }
    if (request.path == "/v1/agency/import/template.csv") {
        if (!read) method_not_allowed(request, "GET, HEAD");
        return handle_import_template(request);
    }
    if (request.path == "/v1/agency/me") {
        if (!read) method_not_allowed(request, "GET, HEAD");
        return handle_agency_me(request, m_services.agency);
    }
    if (segments.size() >= 2 && segments[0] == "v1" && (segments[1] == "programmes" || segments[1] == "areas") &&
        segments.size() <= 3) {
        if (!read) {
            // The write methods of /v1/programmes are routed above; the Allow header names them too.
            if (segments[1] != "programmes") method_not_allowed(request, "GET, HEAD");
            method_not_allowed(request, segments.size() == 2 ? "GET, HEAD, POST" : "GET, HEAD, PUT, PATCH, DELETE");
        }
        if (segments[1] == "programmes" && m_services.search != nullptr) {
            if (segments.size() == 2) return handle_programmes(request, *m_services.search, m_services.responses, m_services.features);
            return handle_programme(request, *m_services.search, segments[2]);
        }
        if (segments[1] == "areas" && m_services.areas != nullptr) {
            if (segments.size() == 2) return handle_areas(request, *m_services.areas, m_services.features);
            return handle_area(request, *m_services.areas, segments[2]);
        }
    }
    if (!segments.empty() && segments[0] == "ogc" && m_services.features != nullptr) {
        if (!read) method_not_allowed(request, "GET, HEAD");
        return handle_ogc(request, *m_services.features, segments);
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
    const auto allow_origin = cors_origin(request);
    if (allow_origin && request.method == "OPTIONS" && request.header("access-control-request-method")) {
        // A preflight for a cross-origin read.
        response.status = 204;
        response.set("Access-Control-Allow-Origin", *allow_origin);
        response.set("Access-Control-Allow-Methods", "GET, HEAD");
        response.set("Access-Control-Allow-Headers", "If-None-Match, Accept-Encoding");
        response.set("Access-Control-Max-Age", "600");
        if (*allow_origin != "*") response.set("Vary", "Origin");
        response.set("X-Request-Id", request.request_id);
        response.set("X-Content-Type-Options", "nosniff");
        return response;
    }
    try {
        response = dispatch(request);
    } catch (const core::Error& e) {
        if (e.kind() == core::ErrorKind::internal) spdlog::error("request {} failed: {}", request.request_id, e.what());
        response = problem_response(e, request.request_id);
        if (e.kind() == core::ErrorKind::method_not_allowed) {
            const std::string& d = e.detail();
            const auto at = d.rfind("allowed: ");
            response.set("Allow", at == std::string::npos ? std::string("GET, HEAD") : d.substr(at + 9));
        }
        if (e.kind() == core::ErrorKind::unauthenticated) response.set("WWW-Authenticate", "Bearer realm=\"policymap\"");
    } catch (const std::exception& e) {
        spdlog::error("request {} failed: {}", request.request_id, e.what());
        response = problem_response(core::Error(core::ErrorKind::internal, "internal", "internal error"), request.request_id);
    }
    response.set("X-Request-Id", request.request_id);
    response.set("X-Content-Type-Options", "nosniff");
    if (allow_origin) {
        response.set("Access-Control-Allow-Origin", *allow_origin);
        response.set("Access-Control-Expose-Headers", "ETag, X-Request-Id");
        if (*allow_origin != "*") {
            bool has_vary = false;
            for (auto& [k, v] : response.headers) {
                if (k == "Vary") {
                    v += ", Origin";
                    has_vary = true;
                }
            }
            if (!has_vary) response.set("Vary", "Origin");
        }
    }
    if (request.method == "HEAD") {
        // What a GET would send: the server writes this length without the body
        // (a streamed body has no length known in advance, and is not produced).
        if (response.stream) {
            response.stream.reset();
        } else if (response.status != 204 && response.status != 304) {
            response.set("Content-Length", std::to_string(response.body.size()));
        }
        response.body.clear();
    }
    return response;
}

}  // namespace policymap::http
