#include "core/redacted.hpp"

namespace policymap::core {

std::string Secret::redacted() const {
    auto scheme = m_value.find("://");
    if (scheme == std::string::npos) {
        return m_value.empty() ? std::string() : std::string("***");
    }
    auto at = m_value.find('@', scheme + 3);
    std::string host_part = at == std::string::npos ? m_value.substr(scheme + 3) : m_value.substr(at + 1);
    // Drop query parameters: they may carry a password too.
    if (auto q = host_part.find('?'); q != std::string::npos) host_part.resize(q);
    return m_value.substr(0, scheme + 3) + (at == std::string::npos ? "" : "***@") + host_part;
}

}  // namespace policymap::core
