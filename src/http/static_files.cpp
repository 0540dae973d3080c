#include "http/static_files.hpp"

#include <fstream>
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

// FNV-1a: enough to tell two versions of a file apart in an ETag.
std::string fnv_etag(const std::string& data) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    std::ostringstream out;
    out << "\"" << std::hex << h << "\"";
    return out.str();
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
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
        f.etag = fnv_etag(f.body);
        f.immutable = rel.rfind("/assets/", 0) == 0;
        m_files.emplace(rel, std::move(f));
    }
}

std::optional<Response> StaticFiles::serve(const std::string& path, const Request& request) const {
    const std::string key = path == "/" ? "/index.html" : path;
    auto it = m_files.find(key);
    if (it == m_files.end()) return std::nullopt;
    const File& f = it->second;
    Response r;
    r.set("ETag", f.etag);
    r.set("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    if (auto inm = request.header("if-none-match"); inm && *inm == f.etag) {
        r.status = 304;
        return r;
    }
    r.set("Content-Type", f.content_type);
    r.body = f.body;
    return r;
}

}  // namespace policymap::http
