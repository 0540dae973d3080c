#include "db/pool.hpp"

#include "core/error.hpp"
#include "core/resources.hpp"
#include "db/errors.hpp"

#include <pqxx/pqxx>

#include <set>

namespace policymap::db {

struct Connection {
    std::unique_ptr<pqxx::connection> conn;
    std::set<std::string, std::less<>> prepared;
};

Lease::Lease(Pool& pool, std::unique_ptr<Connection> conn) : m_pool(&pool), m_conn(std::move(conn)) {}

Lease::Lease(Lease&& other) noexcept : m_pool(other.m_pool), m_conn(std::move(other.m_conn)) {}

Lease::~Lease() {
    if (m_conn) m_pool->give_back(std::move(m_conn));
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

Pool::Pool(PoolSettings settings) : m_settings(std::move(settings)) {}

Pool::~Pool() = default;

namespace {
std::unique_ptr<pqxx::connection> connect(const core::Secret& url) {
    try {
        return std::make_unique<pqxx::connection>(url.reveal());
    } catch (const std::exception&) {
        // The driver's message may contain the connection string: never pass it on.
        throw core::Error(core::ErrorKind::unavailable, "database-unavailable",
                          "the database cannot be reached (" + url.redacted() + ")");
    }
}
}  // namespace

Session::Session(const core::Secret& url) : m_conn(std::make_unique<Connection>()) { m_conn->conn = connect(url); }

Session::~Session() = default;

pqxx::connection_base& Session::connection() { return *m_conn->conn; }

std::unique_ptr<Connection> Pool::open() {
    auto conn = std::make_unique<Connection>();
    conn->conn = connect(m_settings.url);
    try {
        pqxx::nontransaction tx(*conn->conn);
        tx.exec("SET statement_timeout = " + std::to_string(m_settings.statement_timeout.count()));
        tx.exec("SET application_name = 'policymap'");
    } catch (const std::exception& e) {
        rethrow_as_error(e);
    }
    return conn;
}

Lease Pool::acquire() {
    std::unique_lock lock(m_mutex);
    if (!m_cv.wait_for(lock, m_settings.acquire_timeout,
                       [&] { return !m_idle.empty() || m_open < m_settings.size; })) {
        ++m_acquire_timeouts;
        throw core::Error(core::ErrorKind::unavailable, "database-busy",
                          "all database connections are busy; try again shortly");
    }
    if (!m_idle.empty()) {
        auto conn = std::move(m_idle.back());
        m_idle.pop_back();
        return Lease(*this, std::move(conn));
    }
    ++m_open;
    lock.unlock();
    try {
        return Lease(*this, open());
    } catch (...) {
        std::lock_guard relock(m_mutex);
        --m_open;
        ++m_connect_errors;
        m_cv.notify_one();
        throw;
    }
}

void Pool::give_back(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(m_mutex);
    if (conn && conn->conn && conn->conn->is_open()) {
        m_idle.push_back(std::move(conn));
    } else {
        --m_open;
        ++m_broken;
    }
    m_cv.notify_one();
}

PoolStats Pool::stats() const {
    std::lock_guard lock(m_mutex);
    return {m_settings.size, m_open, m_idle.size(), m_open - m_idle.size(), m_acquire_timeouts, m_connect_errors, m_broken};
}

}  // namespace policymap::db
