#pragma once

#include <cstdint>
#include <set>
#include <string>

namespace policymap::programmes {

// The channel on which every programme change is announced after commit.
inline constexpr const char* change_channel = "policymap_changes";

// The NOTIFY payload for a change touching the coverage codes `areas`
// ("JP", "13", "13101") of the programmes `ids`:
// {"areas":["13","13101"],"all":false,"programmes":[12]}. A listener drops
// what it cached for those codes and every area linked to them (ancestors,
// descendants). When the payload would pass PostgreSQL's 8000-byte limit it
// says {"areas":null,"all":true,"programmes":[]}: drop everything.
std::string change_notice_payload(const std::set<std::string>& areas, const std::set<std::int64_t>& ids);

}  // namespace policymap::programmes
