#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace policymap::text {

// Splits a keyword query as people type it into terms: NFKC (so ＩＴ and IT,
// ｿｳｷﾞｮｳ and ソウギョウ are the same), control characters removed, split at
// white space (an ideographic space too). Case is left alone: the database
// folds both sides with the same function (pm_search_form). Throws what
// nfkc() throws.
std::vector<std::string> keyword_terms(std::string_view query);

// The form in which kana readings are compared: NFKC without spaces, katakana
// turned into hiragana (フチュウ, ﾌﾁｭｳ -> ふちゅう). Returns "" when the text
// holds anything but kana and the prolonged sound mark, i.e. is no reading.
std::string reading_form(std::string_view utf8);

}  // namespace policymap::text
