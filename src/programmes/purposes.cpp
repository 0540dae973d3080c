#include "programmes/purposes.hpp"

#include <algorithm>

namespace policymap::programmes {

bool is_purpose(std::string_view value) noexcept {
    return std::find(purpose_vocabulary.begin(), purpose_vocabulary.end(), value) != purpose_vocabulary.end();
}

}  // namespace policymap::programmes
