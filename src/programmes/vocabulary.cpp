#include "programmes/vocabulary.hpp"

#include "programmes/purposes.hpp"
#include "text/normalize.hpp"

namespace policymap::programmes {

const std::vector<std::string>& purposes() {
    return use_purposes();
}

const std::vector<std::string>& sources() {
    static const std::vector<std::string> values{"jgrants", "mirasapo", "agency"};
    return values;
}

std::string match_vocabulary(const std::vector<std::string>& vocabulary, const std::string& value) {
    for (const auto& v : vocabulary) {
        if (v == value) return v;
    }
    const std::string form = text::match_form(value);
    for (const auto& v : vocabulary) {
        if (text::match_form(v) == form) return v;
    }
    return {};
}

std::string join_values(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
    return out;
}

}  // namespace policymap::programmes
