// The closed vocabularies of jGrants that programmes are classified by, spelled
// exactly as the jGrants snapshots spell them: use_purpose (15 values — the one
// purpose list for every filter, search, counts and tiles, whatever a
// programme's source; other sources' categories are mapped onto it once, at
// import: programmes/mirasapo_purposes.hpp, docs/purposes.md), industry (20
// JSIC divisions) and the employee size classes.
#pragma once

#include "core/purposes.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace policymap::programmes {

// The one list lives in core (tiles/ checks filters against it too).
inline constexpr const auto& purpose_vocabulary = core::purposes;

// Whether `value` is one of the 15 purposes, spelled exactly.
bool is_purpose(std::string_view value) noexcept;

const std::vector<std::string>& use_purposes();  // purpose_vocabulary as strings
const std::vector<std::string>& industries();
const std::vector<std::string>& employee_classes();

// The vocabulary entry equal to `value` up to NFKC and surrounding spaces
// ("災害(自然災害、感染症等)支援がほしい" finds the full-width-bracket entry);
// nullopt when there is none.
std::optional<std::string> canonical_purpose(std::string_view value);
std::optional<std::string> canonical_industry(std::string_view value);
std::optional<std::string> canonical_employees(std::string_view value);

}  // namespace policymap::programmes
