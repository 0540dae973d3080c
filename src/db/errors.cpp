#include "db/errors.hpp"

#include "core/error.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace policymap::db {

void rethrow_as_error(const std::exception& e) {
    using core::Error;
    using core::ErrorKind;
    if (const auto* err = dynamic_cast<const Error*>(&e)) throw *err;
    if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
        spdlog::warn("database connection lost: {}", e.what());
        throw Error(ErrorKind::unavailable, "database-unavailable", "the database is not reachable; try again shortly");
    }
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
        const std::string& state = sql->sqlstate();
        if (state == "57014") {
            throw Error(ErrorKind::timeout, "query-timeout", "the request took too long and was cancelled");
        }
        if (state == "23505") {
            throw Error(ErrorKind::conflict, "conflict", "a record with the same identity already exists");
        }
        if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P03") {
            throw Error(ErrorKind::unavailable, "database-unavailable", "the database is not reachable; try again shortly");
        }
        spdlog::error("database error {}: {}", state, e.what());
        throw Error(ErrorKind::internal, "internal", "internal error");
    }
    spdlog::error("unexpected error: {}", e.what());
    throw Error(ErrorKind::internal, "internal", "internal error");
}

}  // namespace policymap::db
