#include "config/config.hpp"

#include "core/error.hpp"

#include <unistd.h>

#include <array>
#include <charconv>
#include <stdexcept>

extern char** environ;

namespace policymap::config {

namespace {

// A whole number in [lo, hi]; throws std::invalid_argument with `what` as the reason.
long long parse_int(const std::string& text, long long lo, long long hi, const std::string& what) {
    long long v = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || v < lo || v > hi) {
        throw std::invalid_argument("must be " + what + " " + std::to_string(lo) + ".." + std::to_string(hi));
    }
    return v;
}

// Comma-separated entries, blanks around them dropped; an empty entry is refused.
std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        auto item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto first = item.find_first_not_of(' ');
        const auto last = item.find_last_not_of(' ');
        if (first == std::string::npos) throw std::invalid_argument("must not hold an empty entry");
        out.push_back(item.substr(first, last - first + 1));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

void check_database_url(const std::string& url) {
    if (url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0 && url.find('=') == std::string::npos) {
        throw std::invalid_argument("must be a postgresql:// URL or a libpq key=value string");
    }
}

LogLevel parse_log_level(const std::string& text) {
    for (auto level : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error}) {
        if (text == to_string(level)) return level;
    }
    throw std::invalid_argument("must be one of debug, info, warn, error");
}

// The one table. Order: database, server, tiles, auth, then what scripts,
// tests and the compose file read. One row per setting.
const std::array table{
    Setting{"DATABASE_URL", "", Reader::server, true,
            "PostgreSQL (with PostGIS) to use for writes, imports and change notices; unset = the embedded cluster",
            [](Config& c, const std::string& t) { check_database_url(t); c.database.url = core::Secret(t); }},
    Setting{"DATABASE_READ_URL", "", Reader::server, true,
            "read replicas (comma-separated URLs, used in turn) for tiles, search, lookup, areas, OGC features and exports; unset = DATABASE_URL",
            [](Config& c, const std::string& t) {
                c.database.read_urls.clear();
                for (const auto& u : split_list(t)) {
                    check_database_url(u);
                    c.database.read_urls.emplace_back(u);
                }
            }},
    Setting{"POLICYMAP_HOME", "var", Reader::server, false,
            "where the embedded cluster lives (pgdata/, embedded.json with its connection details, run/ with logs and locks)",
            [](Config& c, const std::string& t) { c.database.home = t; }},
    Setting{"POLICYMAP_PORT", "8080", Reader::server, false,
            "HTTP port of serve (--port wins); 0 picks a free port and prints it",
            [](Config& c, const std::string& t) {
                c.server.port = static_cast<std::uint16_t>(parse_int(t, 0, 65535, "a port number"));
            }},
    Setting{"POLICYMAP_WEB_ROOT", "", Reader::server, false,
            "the built web front end; unset = web/dist next to the build",
            [](Config& c, const std::string& t) { c.server.web_root = t; }},
    Setting{"POLICYMAP_FRAME_ANCESTORS", "*", Reader::server, false,
            "sites that may frame the widget pages (CSP frame-ancestors): *, 'none', 'self' or origins separated by "
            "spaces or commas",
            [](Config& c, const std::string& t) { c.server.frame_ancestors = t; }},
    Setting{"POLICYMAP_LOG_LEVEL", "info", Reader::server, false,
            "debug, info, warn or error; debug logs every request",
            [](Config& c, const std::string& t) { c.server.log_level = parse_log_level(t); }},
    Setting{"POLICYMAP_TILE_CACHE_MB", "256", Reader::server, false,
            "byte budget of the in-memory tile cache (LRU) of serve, in MiB; 0 turns it off",
            [](Config& c, const std::string& t) {
                c.tiles.cache_bytes = static_cast<std::size_t>(parse_int(t, 0, 65536, "a whole number of MiB")) << 20;
            }},
    Setting{"POLICYMAP_RESPONSE_CACHE_MB", "64", Reader::server, false,
            "byte budget of the rendered search and lookup answers of serve (LRU), in MiB; 0 turns it off",
            [](Config& c, const std::string& t) {
                c.search.response_cache_bytes =
                    static_cast<std::size_t>(parse_int(t, 0, 65536, "a whole number of MiB")) << 20;
            }},
    Setting{"POLICYMAP_AGENCY_RATE", "120", Reader::server, false,
            "requests per minute one agency token may make (per server process)",
            [](Config& c, const std::string& t) {
                c.auth.agency_rate_per_minute = static_cast<int>(parse_int(t, 1, 1000000, "requests per minute"));
            }},
    Setting{"POLICYMAP_AUTH_FAILURES", "30", Reader::server, false,
            "failed agency authentications one client address may make per minute (per server process); past them, 429 for every token from there",
            [](Config& c, const std::string& t) {
                c.auth.auth_failures_per_minute = static_cast<int>(parse_int(t, 1, 1000000, "attempts per minute"));
            }},
    Setting{"POLICYMAP_STATEMENT_TIMEOUT_TILES_MS", "5000", Reader::server, false,
            "longest SQL statement of a tile (or TileJSON bounds), in ms; over it the request gets 504 query-timeout",
            [](Config& c, const std::string& t) { c.database.tiles_timeout = std::chrono::milliseconds(parse_int(t, 1, 3600000, "milliseconds")); }},
    Setting{"POLICYMAP_STATEMENT_TIMEOUT_SEARCH_MS", "5000", Reader::server, false,
            "the same for /v1/programmes, /v1/areas and /ogc",
            [](Config& c, const std::string& t) { c.database.search_timeout = std::chrono::milliseconds(parse_int(t, 1, 3600000, "milliseconds")); }},
    Setting{"POLICYMAP_STATEMENT_TIMEOUT_LOOKUP_MS", "2000", Reader::server, false,
            "the same for /v1/lookup",
            [](Config& c, const std::string& t) { c.database.lookup_timeout = std::chrono::milliseconds(parse_int(t, 1, 3600000, "milliseconds")); }},
    Setting{"POLICYMAP_STATEMENT_TIMEOUT_EDITS_MS", "15000", Reader::server, false,
            "the same for agency edits and uploads",
            [](Config& c, const std::string& t) { c.database.edits_timeout = std::chrono::milliseconds(parse_int(t, 1, 3600000, "milliseconds")); }},
    Setting{"POLICYMAP_STATEMENT_TIMEOUT_IMPORTS_MS", "600000", Reader::server, false,
            "the same for the policymap import commands, which then stop with an error",
            [](Config& c, const std::string& t) { c.database.imports_timeout = std::chrono::milliseconds(parse_int(t, 1, 86400000, "milliseconds")); }},
    Setting{"POLICYMAP_DB_ACQUIRE_TIMEOUT_MS", "2000", Reader::server, false,
            "longest wait for a free database connection, in ms; then 503 database-busy",
            [](Config& c, const std::string& t) { c.database.acquire_timeout = std::chrono::milliseconds(parse_int(t, 1, 600000, "milliseconds")); }},
    Setting{"POLICYMAP_DB_CONNECT_TIMEOUT_S", "2", Reader::server, false,
            "libpq connect_timeout of each new connection, in seconds (one in DATABASE_URL wins)",
            [](Config& c, const std::string& t) { c.database.connect_timeout = std::chrono::seconds(parse_int(t, 1, 60, "seconds")); }},
    Setting{"POLICYMAP_SHUTDOWN_GRACE_MS", "10000", Reader::server, false,
            "after SIGTERM or SIGINT, how long requests in flight may take to finish, in ms",
            [](Config& c, const std::string& t) { c.server.shutdown_grace = std::chrono::milliseconds(parse_int(t, 0, 3600000, "milliseconds")); }},
    Setting{"POLICYMAP_HTTP_READ_TIMEOUT", "10", Reader::server, false,
            "seconds a client has to send a whole request (line, headers, body); slower clients and idle keep-alive "
            "connections are closed",
            [](Config& c, const std::string& t) { c.server.read_timeout = std::chrono::seconds(parse_int(t, 1, 3600, "whole seconds")); }},
    Setting{"POLICYMAP_CORS_ORIGINS", "", Reader::server, false,
            "origins (https://portal.example.jp, comma-separated, or *) whose pages may read the public read-only "
            "endpoints cross-origin; unset = no CORS headers at all; agency endpoints never answer cross-origin",
            [](Config& c, const std::string& t) {
                c.server.cors_origins.clear();
                for (const auto& o : split_list(t)) {
                    const auto scheme = o.find("://");
                    const bool ok = o == "*" || ((o.starts_with("https://") || o.starts_with("http://")) &&
                                                 o.find('/', scheme + 3) == std::string::npos);
                    if (!ok) {
                        throw core::Error(core::ErrorKind::invalid_input, "invalid-setting",
                                          "POLICYMAP_CORS_ORIGINS takes origins like https://example.jp (no path) or *, not '" + o + "'");
                    }
                    c.server.cors_origins.push_back(o);
                }
            }},
    Setting{"POLICYMAP_LOG_FORMAT", "json", Reader::server, false,
            "json: one JSON object per log line (ts, level, msg; request lines carry request_id, method, route, path, "
            "status, duration_ms, bytes); text: plain lines",
            [](Config& c, const std::string& t) {
                if (t != "json" && t != "text") {
                    throw core::Error(core::ErrorKind::invalid_input, "invalid-setting",
                                      "POLICYMAP_LOG_FORMAT must be json or text, not '" + t + "'");
                }
                c.server.json_logs = t == "json";
            }},
    Setting{"POLICYMAP_DATA", "../shared/geodata", Reader::scripts, false,
            "data folder for scripts/demo, scripts/test and bench/", nullptr},
    Setting{"POLICYMAP_IT_STATE", "build/it-state", Reader::scripts, false,
            "state folder of the integration test fixture (set by CTest)", nullptr},
    Setting{"POLICYMAP_BIN", "build/policymap", Reader::scripts, false,
            "the binary the integration tests run (set by CTest)", nullptr},
    Setting{"POLICYMAP_TEST_OUTPUT", "build/test-output", Reader::scripts, false,
            "where the browser tests write screenshots (set by CTest)", nullptr},
    Setting{"POLICYMAP_FUZZ_SECONDS", "10", Reader::scripts, false,
            "how long scripts/test runs each fuzz target", nullptr},
    Setting{"POLICYMAP_BENCH_THREADS", "4", Reader::scripts, false,
            "HTTP worker threads of the server bench/run starts", nullptr},
    Setting{"POLICYMAP_DB_PASSWORD", "", Reader::compose, true,
            "password of the policymap database role in docker/compose.yaml", nullptr},
    Setting{"POLICYMAP_REPLICATION_PASSWORD", "", Reader::compose, true,
            "password of the replication role in docker/compose.yaml", nullptr},
};

const Setting* find(std::string_view name) {
    for (const auto& s : table) {
        if (s.name == name) return &s;
    }
    return nullptr;
}

}  // namespace

std::span<const Setting> settings() { return table; }

std::string_view to_string(LogLevel level) {
    switch (level) {
        case LogLevel::debug: return "debug";
        case LogLevel::info: return "info";
        case LogLevel::warn: return "warn";
        case LogLevel::error: return "error";
    }
    return "info";
}

std::map<std::string, std::string> process_environment() {
    std::map<std::string, std::string> out;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string_view entry(*e);
        const auto eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        const auto name = entry.substr(0, eq);
        if (name.rfind("POLICYMAP_", 0) == 0 || name.rfind("DATABASE_", 0) == 0) {
            out.emplace(std::string(name), std::string(entry.substr(eq + 1)));
        }
    }
    return out;
}

Config load(const std::map<std::string, std::string>& environment) {
    Config config;
    for (const auto& s : table) {
        if (s.apply != nullptr && !s.default_text.empty()) s.apply(config, std::string(s.default_text));
    }
    std::vector<core::FieldProblem> problems;
    for (const auto& [name, value] : environment) {
        const auto* s = find(name);
        if (s == nullptr) {
            // DATABASE_* names belong to other programs too; only our own prefix is ours to refuse.
            if (name.rfind("POLICYMAP_", 0) == 0) {
                problems.push_back({name, core::Secret(value).redacted(), "unknown setting (the Configuration table of README.md lists them)"});
            }
            continue;
        }
        if (s->apply == nullptr || value.empty()) continue;
        try {
            s->apply(config, value);
        } catch (const std::invalid_argument& e) {
            const std::string shown = s->secret ? core::Secret(value).redacted() : value;
            problems.push_back({name, shown, e.what()});
        }
    }
    if (!problems.empty()) {
        std::string names;
        for (const auto& p : problems) names += (names.empty() ? "" : ", ") + p.field;
        throw core::Error(core::ErrorKind::invalid_input, "invalid-setting",
                          "refusing to start: unknown or invalid settings: " + names, std::move(problems));
    }
    return config;
}

std::uint16_t parse_port(const std::string& what, const std::string& text) {
    try {
        return static_cast<std::uint16_t>(parse_int(text, 0, 65535, "a port number"));
    } catch (const std::invalid_argument& e) {
        throw core::Error(core::ErrorKind::invalid_input, "invalid-setting", what + " " + e.what() + ", not '" + text + "'",
                          {{what, text, e.what()}});
    }
}

}  // namespace policymap::config
