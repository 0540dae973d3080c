#pragma once

#include "core/redacted.hpp"

#include <string>
#include <vector>

namespace policymap::db {

// Applies the embedded migrations src/db/migrations/NNNN_*.sql that the
// database has not seen yet, each in its own transaction, recorded in
// schema_migrations. Concurrent callers serialise on an advisory lock.
// Returns the names applied. Throws core::Error(unavailable) when the
// database cannot be reached, core::Error(internal) when a migration fails.
std::vector<std::string> migrate(const core::Secret& url);

// The versions of the migrations embedded in this binary, ascending.
std::vector<int> embedded_migration_versions();

}  // namespace policymap::db
