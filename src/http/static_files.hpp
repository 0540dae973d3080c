#pragma once

#include "http/message.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace policymap::http {

// The built web front end (web/dist), read into memory at start-up so that a
// request never touches the file system. Hashed assets (under assets/) are
// served as immutable for a year; everything else must be revalidated.
class StaticFiles {
public:
    StaticFiles() = default;
    // Loads every file below `root`; an empty or missing root serves nothing.
    explicit StaticFiles(const std::filesystem::path& root);

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
};

}  // namespace policymap::http
