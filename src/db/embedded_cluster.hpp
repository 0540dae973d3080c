#pragma once

#include "core/redacted.hpp"

#include <filesystem>
#include <memory>

namespace policymap::db {

// A PostgreSQL 15 + PostGIS cluster that policymap runs itself when no
// DATABASE_URL is given. It lives under `home` (POLICYMAP_HOME):
//   home/pgdata          the cluster (owned by the `postgres` system user when we run as root,
//                        because PostgreSQL refuses to run as root)
//   home/embedded.json   how to connect to the running cluster (mode 0600)
//   home/run/            lock files and the server log
// Every policymap process using the cluster holds a shared lock on
// home/run/users.lock; the last one to leave stops the cluster, so an import
// run next to a serving server uses the server's cluster and leaves it up.
class EmbeddedCluster {
public:
    // Attaches to the cluster running under `home`, or creates and starts it.
    // Throws core::Error(unavailable) with the reason when it cannot.
    static std::unique_ptr<EmbeddedCluster> attach_or_start(const std::filesystem::path& home);

    ~EmbeddedCluster();
    EmbeddedCluster(const EmbeddedCluster&) = delete;
    EmbeddedCluster& operator=(const EmbeddedCluster&) = delete;

    [[nodiscard]] const core::Secret& url() const { return m_url; }
    // The URL as home/embedded.json gives it now: another policymap process
    // that found the cluster down restarts it, possibly on another port.
    // Falls back to url() when the file cannot be read.
    [[nodiscard]] core::Secret current_url() const;

    // Stops the cluster now if no other process uses it (also done by the destructor).
    void release();

private:
    EmbeddedCluster(std::filesystem::path home, core::Secret url, int users_fd);

    std::filesystem::path m_home;
    core::Secret m_url;
    int m_users_fd = -1;
};

}  // namespace policymap::db
