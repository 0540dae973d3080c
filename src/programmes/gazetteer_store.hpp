#pragma once

#include "core/redacted.hpp"
#include "programmes/gazetteer.hpp"

namespace policymap::programmes {

// Builds the resolver's gazetteer from the imported boundaries. Throws
// core::Error(unavailable) when the database cannot be reached and
// core::Error(invalid_input, "no-boundaries") when no areas are imported yet.
Gazetteer load_gazetteer(const core::Secret& url);

}  // namespace policymap::programmes
