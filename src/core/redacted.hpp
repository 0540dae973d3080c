#pragma once

#include <string>
#include <utility>

namespace policymap::core {

// A secret (connection string, token) that never prints itself: logs and
// errors see redacted(), only the code that needs the value calls reveal().
class Secret {
public:
    Secret() = default;
    explicit Secret(std::string value) : m_value(std::move(value)) {}

    [[nodiscard]] const std::string& reveal() const noexcept { return m_value; }
    [[nodiscard]] bool empty() const noexcept { return m_value.empty(); }
    // "postgresql://user:***@host:5432/db" for URLs, "***" otherwise.
    [[nodiscard]] std::string redacted() const;

private:
    std::string m_value;
};

}  // namespace policymap::core
