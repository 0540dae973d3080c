#pragma once

#include "core/error.hpp"
#include "http/message.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace policymap::http {

// Reading query parameters the same way on every endpoint: every problem is
// collected, then reported at once.
using Problems = std::vector<core::FieldProblem>;

// Throws core::Error(invalid_input, "invalid-parameter") with `problems`.
[[noreturn]] void throw_problems(Problems problems);

// Refuses parameters the endpoint does not know: a misspelt filter
// (purpse=) silently ignored would answer another question than was asked.
// Names each unknown parameter once, the first 20 in full, then a count.
void check_known(const Request& request, const std::set<std::string>& known, Problems& problems);

// Whether a decoded value is text: UTF-8 without control characters. A value
// that is not (q=%FF, q=%00) is a problem, never an empty or garbled filter.
bool is_text(const std::string& name, const std::string& value, Problems& problems);

// The value of a parameter that may be given once; a repeat, or a value that
// is not text, is a problem.
std::optional<std::string> single(const Request& request, const std::string& name, Problems& problems);

// Percent-encodes a query component (unreserved characters of RFC 3986 kept).
std::string percent_encode(const std::string& s);

}  // namespace policymap::http
