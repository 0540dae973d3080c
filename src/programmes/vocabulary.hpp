#pragma once

#include "programmes/purposes.hpp"  // industries()

#include <string>
#include <vector>

namespace policymap::programmes {

// purpose_vocabulary (programmes/purposes.hpp) as strings, for messages and matching.
const std::vector<std::string>& purposes();

// Where programmes come from.
const std::vector<std::string>& sources();

// The vocabulary entry `value` names: exact, or equal after NFKC (a client may
// send half-width brackets). Empty when it names none.
std::string match_vocabulary(const std::vector<std::string>& vocabulary, const std::string& value);

// "a, b, c" for messages listing the allowed values.
std::string join_values(const std::vector<std::string>& values);

}  // namespace policymap::programmes
