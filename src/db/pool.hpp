// db/ owns every connection to PostgreSQL: the pool, leases, prepared
// statements from the embedded .sql files, migrations, the embedded cluster,
// and the mapping of driver errors to core::Error. It knows nothing of HTTP
// or of the domain. No header here exposes more of pqxx than a forward
// declaration; pqxx itself is included only in db/*.cpp and pg_*.cpp files.
#pragma once

#include "core/redacted.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace pqxx {
class connection_base;
}

namespace policymap::db {

struct PoolSettings {
    core::Secret url;                                   // libpq URL or key=value string
    std::size_t size = 8;                               // at least the HTTP worker count
    std::chrono::milliseconds acquire_timeout{2000};    // waiting for a free connection
    std::chrono::milliseconds statement_timeout{5000};  // per statement (0 = none), set per lease
    std::chrono::seconds connect_timeout{2};            // libpq connect_timeout for each new connection
    // Where the database is now, asked before each new connection; when set it
    // wins over `url` (the embedded cluster may come back on another port).
    std::function<core::Secret()> locate;
};

// `url` with libpq's connect_timeout added (URL or key=value form).
[[nodiscard]] std::string with_connect_timeout(const std::string& url, std::chrono::seconds timeout);
// `url` asking the server for `statement_timeout` on every session it opens
// (libpq `options`), for connections made outside a pool: the import commands.
// Unchanged when the URL already sets options (the operator's choice wins).
[[nodiscard]] std::string with_statement_timeout(const std::string& url, std::chrono::milliseconds timeout);

class Pool;

// One open connection and the embedded statements prepared on it.
struct Connection;

// A connection borrowed from the pool; given back when destroyed. A lease
// whose connection broke is discarded instead of returned.
class Lease {
public:
    Lease(Pool& pool, std::unique_ptr<Connection> conn);
    Lease(Lease&&) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    pqxx::connection_base& connection();

    // Prepares the embedded SQL file `path` (e.g. "src/tiles/sql/lookup.sql")
    // on this connection once and returns the statement name for
    // exec_prepared (the path itself). Throws core::Error(internal) when the
    // file is not embedded, and what rethrow_as_error throws when PostgreSQL
    // refuses it.
    const std::string& prepared(std::string_view path);

private:
    friend class Pool;
    Pool* m_pool;
    std::unique_ptr<Connection> m_conn;
    int m_unwinding_at_start;  // std::uncaught_exceptions() when leased
};

// Connections shared by every kind of work. A connection that broke (the
// database went away or restarted) is closed instead of reused, and so are
// the idle ones beside it; new connections ask `locate` where the database is
// now, so the pool recovers by itself once the database is back.
class Pool {
public:
    explicit Pool(PoolSettings settings);
    // The connections of `parent` under another statement timeout: one pool
    // per kind of request (tiles, search, edits...), one set of connections.
    Pool(Pool& parent, std::chrono::milliseconds statement_timeout);
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    // Throws core::Error(unavailable) when no connection can be had in time
    // or the database cannot be reached.
    Lease acquire();

    // Closes the idle connections and refuses further leases (shutdown).
    void close();

    [[nodiscard]] const PoolSettings& settings() const;
    [[nodiscard]] std::chrono::milliseconds statement_timeout() const { return m_statement_timeout; }
    // Connections open now (leased or idle).
    [[nodiscard]] std::size_t open_connections() const;

private:
    friend class Lease;
    struct Shared;
    void give_back(std::unique_ptr<Connection> conn, bool suspect);

    std::shared_ptr<Shared> m_shared;
    std::chrono::milliseconds m_statement_timeout;
};

// One connection outside any pool (commands, migrations, imports).
class Session {
public:
    // Throws core::Error(unavailable) when the database cannot be reached; the
    // message names the server with the password redacted.
    explicit Session(const core::Secret& url);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    pqxx::connection_base& connection();

private:
    std::unique_ptr<Connection> m_conn;
};

}  // namespace policymap::db
