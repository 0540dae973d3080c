#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace policymap::http {

struct RateLimit {
    double burst = 120;      // requests a token may send at once
    double per_second = 2;   // refilled per second
};

// A token bucket per agency token, in this process. Limits what one
// credential can make one server do; a fleet behind a load balancer allows
// proportionally more, which is the point of a per-process guard.
class RateLimiter {
public:
    explicit RateLimiter(RateLimit limit) : m_limit(limit) {}

    // 0 when the request may go ahead (one unit taken), else the whole
    // seconds to wait before the next one would be allowed (Retry-After).
    int take(std::int64_t token_id);

    // The whole seconds to wait before `key` may take a unit again; 0 when it
    // may now. Takes nothing.
    int wait(std::int64_t key);

private:
    struct Bucket {
        double level = 0;
        std::chrono::steady_clock::time_point at;
    };
    RateLimit m_limit;
    std::mutex m_mutex;
    std::unordered_map<std::int64_t, Bucket> m_buckets;
};

}  // namespace policymap::http
