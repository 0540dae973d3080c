#pragma once

#include "programmes/jgrants_snapshot.hpp"
#include "programmes/mirasapo_snapshot.hpp"

#include <string>
#include <variant>

namespace policymap::programmes {

// A snapshot of any source, recognised by content.
using ProgrammeSnapshot = std::variant<JgrantsSnapshot, MirasapoSnapshot>;

// Parses a snapshot file whatever its source: a Mirasapo plus support-system
// CSV (by its header), else jGrants JSON. Throws core::Error(invalid_input,
// "invalid-snapshot") naming the file for anything else or malformed content.
ProgrammeSnapshot parse_snapshot(const std::string& text, const std::string& path);

// Capture time of a snapshot ("" when unknown), for ordering snapshots of one source.
const std::string& captured(const ProgrammeSnapshot& snapshot);

}  // namespace policymap::programmes
