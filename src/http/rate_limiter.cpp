#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace policymap::http {

namespace {
template <typename Buckets, typename Bucket, typename Limit>
Bucket& refilled(Buckets& buckets, std::int64_t key, const Limit& limit) {
    const auto now = std::chrono::steady_clock::now();
    auto [it, fresh] = buckets.try_emplace(key, Bucket{limit.burst, now});
    auto& b = it->second;
    if (!fresh) {
        const double elapsed = std::chrono::duration<double>(now - b.at).count();
        b.level = std::min(limit.burst, b.level + elapsed * limit.per_second);
        b.at = now;
    }
    return b;
}
}  // namespace

int RateLimiter::take(std::int64_t token_id) {
    std::lock_guard lock(m_mutex);
    auto& b = refilled<decltype(m_buckets), Bucket>(m_buckets, token_id, m_limit);
    if (b.level >= 1) {
        b.level -= 1;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1 - b.level) / m_limit.per_second)));
}

int RateLimiter::wait(std::int64_t key) {
    std::lock_guard lock(m_mutex);
    const auto& b = refilled<decltype(m_buckets), Bucket>(m_buckets, key, m_limit);
    if (b.level >= 1) return 0;
    return std::max(1, static_cast<int>(std::ceil((1 - b.level) / m_limit.per_second)));
}

}  // namespace policymap::http
