// The one error model of policymap (STYLE.md §4). Every layer reports failures
// as a core::Error; only http/problem.cpp turns one into a response status.
// Depends on the standard library only.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace policymap::core {

enum class ErrorKind {
    invalid_input,          // 400
    unauthenticated,        // 401
    forbidden,              // 403
    not_found,              // 404
    method_not_allowed,     // 405
    conflict,               // 409
    precondition_failed,    // 412
    too_large,              // 413
    precondition_required,  // 428
    rate_limited,           // 429
    internal,               // 500
    unavailable,            // 503
    timeout,                // 504
};

// One problem with one input field: which field, the value sent, and why it was refused.
struct FieldProblem {
    std::string field;
    std::string value;
    std::string message;
};

class Error : public std::runtime_error {
public:
    // `code` is the stable problem code that names the problem type in the API
    // (e.g. "tile-out-of-range"); `detail` is a human sentence safe to show to clients.
    Error(ErrorKind kind, std::string code, std::string detail, std::vector<FieldProblem> fields = {});

    [[nodiscard]] ErrorKind kind() const noexcept { return m_kind; }
    [[nodiscard]] const std::string& code() const noexcept { return m_code; }
    [[nodiscard]] const std::string& detail() const noexcept { return m_detail; }
    [[nodiscard]] const std::vector<FieldProblem>& fields() const noexcept { return m_fields; }
    // Seconds after which the client may try again (Retry-After); 0 = not said.
    [[nodiscard]] int retry_after() const noexcept { return m_retry_after; }
    void set_retry_after(int seconds) noexcept { m_retry_after = seconds; }

private:
    ErrorKind m_kind;
    std::string m_code;
    std::string m_detail;
    std::vector<FieldProblem> m_fields;
    int m_retry_after = 0;
};

// Shorthands for the common kinds.
[[noreturn]] void throw_invalid(std::string code, std::string detail, std::vector<FieldProblem> fields = {});
[[noreturn]] void throw_not_found(std::string code, std::string detail);

}  // namespace policymap::core
