// auth/ owns agency credentials: creating agencies and their bearer tokens
// (random, shown once, stored as a SHA-256 hash, revocable), checking a
// presented token in constant time, and the Principal a valid token yields:
// the agency and every area code it may act on. It depends on core and db
// only; it knows nothing of HTTP, and whether a principal may do a given
// thing to a programme is decided by programmes/, not here.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace policymap::auth {

struct Principal {
    std::int64_t agency_id = 0;
    std::string agency_name;
    std::int64_t token_id = 0;
    bool admin = false;                  // may act on every area, national coverage included
    std::vector<std::string> granted;    // the codes in agency_areas, as granted
    std::set<std::string> reach;         // granted codes expanded: a prefecture's municipalities,
                                         // designated cities and wards; a designated city's wards

    // Whether the agency may place a programme on `code` ("JP", "13", "13101").
    [[nodiscard]] bool may_act_on(const std::string& code) const { return admin || reach.count(code) > 0; }
};

}  // namespace policymap::auth
