// Mirasapo plus categories mapped onto the one purpose vocabulary
// (programmes/purposes.hpp). The mapping is one table, in the .cpp; the
// reasons for each line are in docs/purposes.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace policymap::programmes {

// One line of the table: a category of a Mirasapo field
// ("purpose_categories" or "stage_categories", by its name) and the purposes
// it gives (none when no purpose fits).
struct CategoryMapping {
    std::string_view field;
    std::string_view category;
    std::vector<std::string_view> purposes;
};

// The whole table, for docs and tests.
const std::vector<CategoryMapping>& mirasapo_purpose_table();

// The purposes of a row from the names of its purpose_categories and
// stage_categories: the union of their lines, in vocabulary order. Categories
// the table does not know give nothing (they stay in the row's own
// categories). Never throws except std::bad_alloc.
std::vector<std::string> mirasapo_purposes(const std::vector<std::string>& purpose_categories,
                                           const std::vector<std::string>& stage_categories);

}  // namespace policymap::programmes
