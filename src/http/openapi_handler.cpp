#include "core/resources.hpp"
#include "http/handlers.hpp"
#include "http/static_files.hpp"

namespace policymap::http {

namespace {

struct Document {
    std::string_view body;
    std::string etag;
};

const Document& document(ApiDocument which) {
    // The YAML as written, and its JSON form made at build time (api/scripts/openapi-json.mjs).
    static const Document yaml{core::resource("api/openapi.yaml"), content_etag(core::resource("api/openapi.yaml"))};
    static const Document json{core::resource("api/openapi.json"), content_etag(core::resource("api/openapi.json"))};
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
