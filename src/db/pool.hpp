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
#include <cstdint>
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
    std::chrono::milliseconds statement_timeout{5000};  // per statement, set on each connection
};

class Pool;

// What the pool holds now and how often it failed since start (for /metrics).
struct PoolStats {
    std::size_t size = 0;    // the most connections it opens
    std::size_t open = 0;
    std::size_t idle = 0;
    std::size_t in_use = 0;
    std::uint64_t acquire_timeouts = 0;  // no connection free in time
    std::uint64_t connect_errors = 0;    // the database could not be reached
    std::uint64_t broken = 0;            // leases given back with a broken connection
};

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
    Pool* m_pool;
    std::unique_ptr<Connection> m_conn;
};

class Pool {
public:
    explicit Pool(PoolSettings settings);
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    // Throws core::Error(unavailable) when no connection can be had in time
    // or the database cannot be reached.
    Lease acquire();

    [[nodiscard]] const PoolSettings& settings() const { return m_settings; }
    [[nodiscard]] PoolStats stats() const;

private:
    friend class Lease;
    void give_back(std::unique_ptr<Connection> conn);
    std::unique_ptr<Connection> open();

    PoolSettings m_settings;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<std::unique_ptr<Connection>> m_idle;
    std::size_t m_open = 0;
    std::uint64_t m_acquire_timeouts = 0;
    std::uint64_t m_connect_errors = 0;
    std::uint64_t m_broken = 0;
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
