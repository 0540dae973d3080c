#pragma once

#include <exception>

namespace policymap::db {

// Turns a driver exception into core::Error: a broken connection means
// `unavailable`, a statement timeout `timeout`, a unique violation `conflict`,
// anything else `internal`. The driver's message (which may contain SQL) is
// logged, never put into the error's detail. core::Error passes through.
[[noreturn]] void rethrow_as_error(const std::exception& e);

}  // namespace policymap::db
