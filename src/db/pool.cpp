#include "db/pool.hpp"

#include "core/error.hpp"
#include "core/resources.hpp"
#include "db/errors.hpp"

#include <poll.h>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <exception>
#include <set>

namespace policymap::db {

struct Connection {
    std::unique_ptr<pqxx::connection> conn;
    std::set<std::string, std::less<>> prepared;
    std::chrono::milliseconds statement_timeout{-1};  // as last SET on this connection; -1 = server default
};

struct Pool::Shared {
    PoolSettings settings;
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<std::unique_ptr<Connection>> idle;
    std::size_t open = 0;
    bool closed = false;
    std::uint64_t acquire_timeouts = 0;
    std::uint64_t connect_errors = 0;
    std::uint64_t broken = 0;
};

namespace {

std::unique_ptr<pqxx::connection> connect(const core::Secret& url, std::chrono::seconds timeout) {
    try {
        auto conn = std::make_unique<pqxx::connection>(timeout.count() > 0 ? with_connect_timeout(url.reveal(), timeout)
                                                                           : url.reveal());
        // libpqxx 6 silently reconnects a broken connection, to the old address
        // and without the session's settings (statement_timeout): a broken
        // connection must stay broken so that the pool drops it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        conn->inhibit_reactivation(true);
#pragma GCC diagnostic pop
        return conn;
    } catch (const std::exception&) {
        // The driver's message may contain the connection string, and the
        // error may reach a client: neither it nor the address is passed on.
        throw core::Error(core::ErrorKind::unavailable, "database-unavailable", "the database cannot be reached");
    }
}

// An idle connection is usable when libpq still thinks so and the server has
// sent nothing since: a closed socket, or the "terminating connection" notice
// a stopping server sends, makes it readable.
bool idle_usable(const Connection& c) {
    if (!c.conn || !c.conn->is_open()) return false;
    pollfd p{c.conn->sock(), POLLIN, 0};
    if (p.fd < 0) return false;
    return ::poll(&p, 1, 0) == 0;
}

// After an error, whether the connection still works: one round trip, only
// on error paths. A statement timeout may cancel even this probe under a tiny
// limit; only a connection that libpq itself found broken is given up.
bool answers(Connection& c) {
    if (!c.conn || !c.conn->is_open()) return false;
    try {
        pqxx::nontransaction tx(*c.conn);
        tx.exec("SELECT 1");
    } catch (const std::exception&) {
    }
    return c.conn->is_open();
}

}  // namespace

std::string with_connect_timeout(const std::string& url, std::chrono::seconds timeout) {
    const std::string param = "connect_timeout=" + std::to_string(timeout.count());
    if (url.find("connect_timeout=") != std::string::npos) return url;  // the operator's own choice wins
    if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
        return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
    }
    return url + (url.empty() ? "" : " ") + param;
}

std::string with_statement_timeout(const std::string& url, std::chrono::milliseconds timeout) {
    if (url.find("options=") != std::string::npos) return url;
    const std::string ms = std::to_string(timeout.count());
    if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
        return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-c%20statement_timeout%3D" + ms;
    }
    return url + (url.empty() ? "" : " ") + "options='-c statement_timeout=" + ms + "'";
}

Lease::Lease(Pool& pool, std::unique_ptr<Connection> conn)
    : m_pool(&pool), m_conn(std::move(conn)), m_unwinding_at_start(std::uncaught_exceptions()) {}

Lease::Lease(Lease&& other) noexcept
    : m_pool(other.m_pool), m_conn(std::move(other.m_conn)), m_unwinding_at_start(other.m_unwinding_at_start) {}

Lease::~Lease() {
    if (m_conn) m_pool->give_back(std::move(m_conn), std::uncaught_exceptions() > m_unwinding_at_start);
}

pqxx::connection_base& Lease::connection() { return *m_conn->conn; }

const std::string& Lease::prepared(std::string_view path) {
    if (auto it = m_conn->prepared.find(path); it != m_conn->prepared.end()) return *it;
    std::string name(path);
    try {
        m_conn->conn->prepare(name, std::string(core::resource(path)));
    } catch (const std::exception& e) {
        rethrow_as_error(e);
    }
    return *m_conn->prepared.insert(std::move(name)).first;
}

Pool::Pool(PoolSettings settings)
    : m_shared(std::make_shared<Shared>()), m_statement_timeout(settings.statement_timeout) {
    m_shared->settings = std::move(settings);
}

Pool::Pool(Pool& parent, std::chrono::milliseconds statement_timeout)
    : m_shared(parent.m_shared), m_statement_timeout(statement_timeout) {}

Pool::~Pool() = default;

const PoolSettings& Pool::settings() const { return m_shared->settings; }

std::size_t Pool::open_connections() const {
    std::lock_guard lock(m_shared->mutex);
    return m_shared->open;
}

PoolStats Pool::stats() const {
    std::lock_guard lock(m_shared->mutex);
    const auto& s = *m_shared;
    return {s.settings.size, s.open, s.idle.size(), s.open - s.idle.size(), s.acquire_timeouts, s.connect_errors, s.broken};
}

void Pool::close() {
    std::vector<std::unique_ptr<Connection>> idle;
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->closed = true;
        idle.swap(m_shared->idle);
        m_shared->open -= idle.size();
        m_shared->cv.notify_all();
    }
    // Closed outside the lock: each close is a round trip.
}

Session::Session(const core::Secret& url) : m_conn(std::make_unique<Connection>()) {
    m_conn->conn = connect(url, std::chrono::seconds(0));
}

Session::~Session() = default;

pqxx::connection_base& Session::connection() { return *m_conn->conn; }

Lease Pool::acquire() {
    Shared& s = *m_shared;
    std::unique_ptr<Connection> conn;
    {
        std::unique_lock lock(s.mutex);
        const auto deadline = std::chrono::steady_clock::now() + s.settings.acquire_timeout;
        for (;;) {
            if (!s.cv.wait_until(lock, deadline, [&] { return s.closed || !s.idle.empty() || s.open < s.settings.size; })) {
                ++s.acquire_timeouts;
                throw core::Error(core::ErrorKind::unavailable, "database-busy",
                                  "all database connections are busy; try again shortly");
            }
            if (s.closed) {
                throw core::Error(core::ErrorKind::unavailable, "shutting-down", "the server is shutting down");
            }
            if (s.idle.empty()) break;
            conn = std::move(s.idle.back());
            s.idle.pop_back();
            if (idle_usable(*conn)) break;
            // The database went away since this connection was last used: so did its neighbours.
            const std::size_t dropped = 1 + s.idle.size();
            s.idle.clear();
            s.open -= dropped;
            conn.reset();
            spdlog::warn("database connections lost: {} idle connections closed", dropped);
            s.cv.notify_all();
        }
        if (!conn) ++s.open;
    }
    if (!conn) {
        try {
            conn = std::make_unique<Connection>();
            const core::Secret url = s.settings.locate ? s.settings.locate() : s.settings.url;
            conn->conn = connect(url, s.settings.connect_timeout);
            pqxx::nontransaction tx(*conn->conn);
            tx.exec("SET application_name = 'policymap'");
        } catch (...) {
            std::lock_guard relock(s.mutex);
            --s.open;
            ++s.connect_errors;
            s.cv.notify_one();
            try {
                throw;
            } catch (const std::exception& e) {
                rethrow_as_error(e);
            }
        }
    }
    Lease lease(*this, std::move(conn));
    if (lease.m_conn->statement_timeout != m_statement_timeout) {
        try {
            pqxx::nontransaction tx(lease.connection());
            tx.exec("SET statement_timeout = " + std::to_string(m_statement_timeout.count()));
            lease.m_conn->statement_timeout = m_statement_timeout;
        } catch (const std::exception& e) {
            rethrow_as_error(e);  // the lease, unwinding, checks the connection and drops it if broken
        }
    }
    return lease;
}

void Pool::give_back(std::unique_ptr<Connection> conn, bool suspect) {
    const bool keep = conn && conn->conn && conn->conn->is_open() && (!suspect || answers(*conn));
    std::vector<std::unique_ptr<Connection>> dropped;
    Shared& s = *m_shared;
    {
        std::lock_guard lock(s.mutex);
        if (keep && !s.closed) {
            s.idle.push_back(std::move(conn));
        } else {
            --s.open;
            if (!keep) {
                ++s.broken;
                // A broken connection: the idle ones most likely broke with it.
                dropped.swap(s.idle);
                s.open -= dropped.size();
            }
        }
        s.cv.notify_all();
    }
    if (!keep) spdlog::warn("database connection broken: closed with {} idle ones", dropped.size());
}

}  // namespace policymap::db
