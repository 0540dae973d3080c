#include "programmes/programme_snapshot.hpp"

#include "core/error.hpp"

namespace policymap::programmes {

ProgrammeSnapshot parse_snapshot(const std::string& text, const std::string& path) {
    if (is_mirasapo_csv(text)) return parse_mirasapo(text, path);
    const auto first = text.find_first_not_of(" \t\r\n");
    // A JSON document starts with { or [ (after an optional BOM, which JSON forbids anyway).
    if (first == std::string::npos || (text[first] != '{' && text[first] != '[')) {
        core::throw_invalid("invalid-snapshot",
                            path + ": not a programme snapshot: expected jGrants JSON or a Mirasapo plus "
                                   "support-system CSV (with id, title, competent_authorities, prefectures and "
                                   "area columns)");
    }
    return parse_jgrants(text, path);
}

const std::string& captured(const ProgrammeSnapshot& snapshot) {
    return std::visit([](const auto& s) -> const std::string& { return s.captured; }, snapshot);
}

}  // namespace policymap::programmes
