// The closed vocabularies of jGrants that programmes are classified by:
// use_purpose (15 values, the purpose list for filters everywhere), industry
// (20 JSIC divisions as jGrants spells them) and the employee size classes.
// Spelled exactly as the jGrants snapshots spell them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace policymap::programmes {

const std::vector<std::string>& use_purposes();
const std::vector<std::string>& industries();
const std::vector<std::string>& employee_classes();

// The vocabulary entry equal to `value` up to NFKC and surrounding spaces
// ("災害(自然災害、感染症等)支援がほしい" finds the full-width-bracket entry);
// nullopt when there is none.
std::optional<std::string> canonical_purpose(std::string_view value);
std::optional<std::string> canonical_industry(std::string_view value);
std::optional<std::string> canonical_employees(std::string_view value);

}  // namespace policymap::programmes
