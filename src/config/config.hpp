// config/ owns the typed configuration: one table of every setting policymap
// reads from the environment (name, default, parser, description), the Config
// tree it fills, and the refusal to start on unknown or invalid settings.
// It depends on core only; every other concern takes its sub-struct from here
// by const& and never reads the environment itself.
//
// Adding a setting: add its field to the sub-struct below and one row to the
// table in config.cpp (the README table and docker/policymap.env.example are
// checked against that table by tests/unit/config/config_test.cpp).
#pragma once

#include "core/redacted.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace policymap::config {

enum class LogLevel { debug, info, warn, error };

struct DatabaseConfig {
    core::Secret url;                     // DATABASE_URL; empty = the embedded cluster under home
    std::vector<core::Secret> read_urls;  // DATABASE_READ_URL; empty = reads go to url
    std::string home;                     // POLICYMAP_HOME
    // Longest SQL statement per kind of work (POLICYMAP_STATEMENT_TIMEOUT_*_MS).
    std::chrono::milliseconds tiles_timeout{5000};
    std::chrono::milliseconds search_timeout{5000};
    std::chrono::milliseconds lookup_timeout{2000};
    std::chrono::milliseconds edits_timeout{15000};
    std::chrono::milliseconds imports_timeout{600000};
    std::chrono::milliseconds acquire_timeout{2000};  // POLICYMAP_DB_ACQUIRE_TIMEOUT_MS
    std::chrono::seconds connect_timeout{2};          // POLICYMAP_DB_CONNECT_TIMEOUT_S
};

struct ServerConfig {
    std::uint16_t port = 0;       // POLICYMAP_PORT (--port wins)
    std::string web_root;         // POLICYMAP_WEB_ROOT; empty = web/dist next to the binary
    std::string frame_ancestors;  // POLICYMAP_FRAME_ANCESTORS, checked by http::parse_frame_ancestors
    LogLevel log_level = LogLevel::info;
    std::chrono::milliseconds shutdown_grace{10000};  // POLICYMAP_SHUTDOWN_GRACE_MS
    std::chrono::milliseconds read_timeout{10000};    // POLICYMAP_HTTP_READ_TIMEOUT (seconds)
    std::vector<std::string> cors_origins;            // POLICYMAP_CORS_ORIGINS; empty = no CORS
    bool json_logs = true;                            // POLICYMAP_LOG_FORMAT=json|text
};

struct TilesConfig {
    std::size_t cache_bytes = 0;  // POLICYMAP_TILE_CACHE_MB in bytes; 0 = no cache
};

struct SearchConfig {
    std::size_t response_cache_bytes = 0;  // POLICYMAP_RESPONSE_CACHE_MB in bytes; 0 = no cache
};

struct AuthConfig {
    int agency_rate_per_minute = 0;  // POLICYMAP_AGENCY_RATE
    int auth_failures_per_minute = 0;  // POLICYMAP_AUTH_FAILURES
};

struct Config {
    ServerConfig server;
    DatabaseConfig database;
    TilesConfig tiles;
    SearchConfig search;
    AuthConfig auth;
};

// Who reads a setting. The server accepts the settings of scripts and tests
// (they share one environment with it) and ignores them.
enum class Reader { server, scripts, compose };

struct Setting {
    std::string_view name;
    std::string_view default_text;  // applied before the environment; "" = unset
    Reader reader;
    bool secret;  // its value is never echoed in an error
    std::string_view description;
    // Parses `text` into the Config; throws std::invalid_argument with the
    // reason ("must be ...") when it is not a valid value. Null for settings
    // the server does not read.
    void (*apply)(Config& config, const std::string& text);
};

// Every setting, in the order of the README table.
std::span<const Setting> settings();

// The environment of this process: the variables whose names start with
// POLICYMAP_ or DATABASE_ (the only ones load looks at).
std::map<std::string, std::string> process_environment();

// Builds the Config from the table's defaults and then `environment` (an empty
// value counts as unset). Throws core::Error(invalid_input, "invalid-setting")
// with one field problem per unknown POLICYMAP_* variable and per invalid value,
// all of them at once; secret values are redacted in it.
Config load(const std::map<std::string, std::string>& environment);

// A port 0..65535; throws core::Error(invalid_input, "invalid-setting") naming `what`.
std::uint16_t parse_port(const std::string& what, const std::string& text);

std::string_view to_string(LogLevel level);

}  // namespace policymap::config
