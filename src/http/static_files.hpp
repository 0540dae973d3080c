#pragma once

#include "http/message.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace policymap::http {

// Which sites may frame the widget pages: a CSP frame-ancestors source list.
// "*" (any site, the default) or space/comma-separated origins such as
// "https://www.pref.example.lg.jp https://*.example.or.jp", or 'none'/'self'.
// Throws core::Error(invalid_input, "invalid-setting") naming a bad entry.
std::string parse_frame_ancestors(const std::string& text);

// A strong ETag for a fixed body (FNV-1a: enough to tell two versions apart).
std::string content_etag(std::string_view data);

// The built web front end (web/dist), read into memory at start-up so that a
// request never touches the file system. Hashed assets (under assets/) are
// served as immutable for a year; everything else must be revalidated.
// `/` and `/embed` are the widget page (index.html), `/embed.js` the embed
// loader; HTML pages carry a Content-Security-Policy that allows exactly what
// the widget needs and framing by `frame_ancestors`.
class StaticFiles {
public:
    StaticFiles() = default;
    // Loads every file below `root`; an empty or missing root serves nothing.
    explicit StaticFiles(const std::filesystem::path& root, std::string frame_ancestors = "*");

    // The response for a decoded request path ("/" is index.html), or nullopt.
    [[nodiscard]] std::optional<Response> serve(const std::string& path, const Request& request) const;
    [[nodiscard]] std::size_t size() const { return m_files.size(); }

private:
    struct File {
        std::string body;
        std::string content_type;
        std::string etag;
        bool immutable = false;
    };
    std::map<std::string, File, std::less<>> m_files;
    std::string m_page_csp;
};

// The Content-Security-Policy of the widget pages (MapLibre needs blob: workers
// and data: images; everything else comes from this origin).
std::string page_content_security_policy(const std::string& frame_ancestors);

}  // namespace policymap::http
