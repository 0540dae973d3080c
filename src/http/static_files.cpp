#include "http/static_files.hpp"

#include "core/error.hpp"

#include <fstream>
#include <regex>
#include <sstream>

namespace policymap::http {

namespace fs = std::filesystem;

namespace {

std::string content_type_of(const fs::path& p) {
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
        {".ico", "image/x-icon"}, {".pbf", "application/x-protobuf"}, {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"}, {".map", "application/json"}};
    auto it = types.find(p.extension().string());
    return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace

std::string content_etag(std::string_view data) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    std::ostringstream out;
    out << "\"" << std::hex << h << "\"";
    return out.str();
}

std::string parse_frame_ancestors(const std::string& text) {
    // A host source of CSP Level 3: scheme://host[:port], host may start with "*.".
    static const std::regex source(R"(^(https?)://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:(\d{1,5}|\*))?$)");
    std::string out;
    std::string token;
    std::string normalised = text;
    for (char& c : normalised) {
        if (c == ',') c = ' ';
    }
    std::istringstream words(normalised);
    bool keyword = false;
    int count = 0;
    while (words >> token) {
        const bool is_keyword = token == "'none'" || token == "'self'" || token == "*";
        if (!is_keyword && !std::regex_match(token, source)) {
            throw core::Error(core::ErrorKind::invalid_input, "invalid-setting",
                              "POLICYMAP_FRAME_ANCESTORS: '" + token.substr(0, 200) +
                                  "' is not *, 'self', 'none' or an origin such as https://www.example.jp");
        }
        if (token == "'none'" || token == "*") keyword = true;
        ++count;
        if (!out.empty()) out += ' ';
        out += token;
    }
    if (count == 0) return "*";
    if (keyword && count > 1) {
        throw core::Error(core::ErrorKind::invalid_input, "invalid-setting",
                          "POLICYMAP_FRAME_ANCESTORS: * and 'none' must stand alone");
    }
    return out;
}

std::string page_content_security_policy(const std::string& frame_ancestors) {
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
           "font-src 'self'; connect-src 'self'; worker-src blob:; child-src blob:; frame-src 'none'; "
           "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors " +
           frame_ancestors;
}

StaticFiles::StaticFiles(const fs::path& root, std::string frame_ancestors)
    : m_page_csp(page_content_security_policy(frame_ancestors)) {
    std::error_code ec;
    if (root.empty() || !fs::is_directory(root, ec)) return;
    for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        auto rel = "/" + fs::relative(entry.path(), root).generic_string();
        File f;
        f.body = body.str();
        f.content_type = content_type_of(entry.path());
        f.etag = content_etag(f.body);
        f.immutable = rel.rfind("/assets/", 0) == 0;
        m_files.emplace(rel, std::move(f));
    }
}

std::optional<Response> StaticFiles::serve(const std::string& path, const Request& request) const {
    // "/" is the full-page widget, "/embed" the same page laid out for an iframe,
    // "/docs" the API reference rendered from /openapi.json.
    const std::string key = path == "/" || path == "/embed" || path == "/embed/" ? "/index.html"
                            : path == "/docs"                                    ? "/docs.html"
                                                                                 : path;
    auto it = m_files.find(key);
    if (it == m_files.end()) return std::nullopt;
    const File& f = it->second;
    Response r;
    r.set("ETag", f.etag);
    r.set("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    if (f.content_type.rfind("text/html", 0) == 0) r.set("Content-Security-Policy", m_page_csp);
    // The embed loader is fetched by portal pages; let those with COEP use it too.
    if (key == "/embed.js") r.set("Cross-Origin-Resource-Policy", "cross-origin");
    if (auto inm = request.header("if-none-match"); inm && *inm == f.etag) {
        r.status = 304;
        return r;
    }
    r.set("Content-Type", f.content_type);
    r.body = f.body;
    return r;
}

}  // namespace policymap::http
