#include "core/resources.hpp"
#include "http/handlers.hpp"

#include <cstdint>
#include <sstream>

namespace policymap::http {

namespace {

struct Document {
    std::string_view body;
    std::string etag;
};

std::string etag_of(std::string_view data) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    std::ostringstream out;
    out << "\"" << std::hex << h << "\"";
    return out.str();
}

const Document& document(ApiDocument which) {
    // The YAML as written, and its JSON form made at build time (api/scripts/openapi-json.mjs).
    static const Document yaml{core::resource("api/openapi.yaml"), etag_of(core::resource("api/openapi.yaml"))};
    static const Document json{core::resource("api/openapi.json"), etag_of(core::resource("api/openapi.json"))};
    return which == ApiDocument::json ? json : yaml;
}

}  // namespace

Response handle_openapi(const Request& request, ApiDocument which) {
    const Document& doc = document(which);
    Response r;
    r.set("ETag", doc.etag);
    r.set("Cache-Control", "no-cache");
    // A public document: API tools on other origins may read it.
    r.set("Access-Control-Allow-Origin", "*");
    if (auto inm = request.header("if-none-match"); inm && *inm == doc.etag) {
        r.status = 304;
        return r;
    }
    r.set("Content-Type", which == ApiDocument::json ? "application/json" : "application/yaml; charset=utf-8");
    r.body = std::string(doc.body);
    return r;
}

}  // namespace policymap::http
