#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace policymap::http {

int RateLimiter::take(std::int64_t token_id) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(m_mutex);
    auto [it, fresh] = m_buckets.try_emplace(token_id, Bucket{m_limit.burst, now});
    auto& b = it->second;
    if (!fresh) {
        const double elapsed = std::chrono::duration<double>(now - b.at).count();
        b.level = std::min(m_limit.burst, b.level + elapsed * m_limit.per_second);
        b.at = now;
    }
    if (b.level >= 1) {
        b.level -= 1;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1 - b.level) / m_limit.per_second)));
}

}  // namespace policymap::http
