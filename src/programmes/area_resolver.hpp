// Resolves where a programme applies from what its source says in text:
// jGrants' target_area_search list and the municipality names hidden in its
// title, target_area_detail and institution_name; Mirasapo's prefecture list
// and free-text `area` note. The answer is a coverage: a sorted set of codes,
// "JP" (nationwide), 2-digit prefectures (JIS X 0401) and 5-digit
// municipalities, designated cities and wards (N03_007). Pure C++ over a
// Gazetteer: no database.
#pragma once

#include "programmes/gazetteer.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace policymap::programmes {

// The free-text fields of one jGrants subsidy that say where it applies
// (null fields as "").
struct AreaText {
    std::string title;
    std::string target_area_search;
    std::string target_area_detail;
    std::string institution_name;
};

struct Coverage {
    std::vector<std::string> codes;  // sorted, unique
    std::vector<std::string> notes;  // why something could not be placed; empty when fully resolved
};

// The coverage of a jGrants record:
// - target_area_search ("全国", prefectures, regional blocks such as 関東・甲信越地方,
//   "/"-separated with or without spaces) gives the base: "JP" or prefectures;
//   all 47 prefectures are "JP".
// - a municipality, designated city, ward or county named in the title,
//   target_area_detail or institution_name, inside the base (or anywhere when
//   the base is "JP": a municipal programme open to applicants from anywhere),
//   replaces the base; prefecture names never narrow it.
// - a list of places followed by を除く / 除き / 以外 is taken out
//   (県内全域（名古屋市を除く） -> the other municipalities, designated cities as one code).
// A name shared by several places (府中市, 北区) is settled by a prefecture or
// county written just before it, then by the base, then by prefectures named
// elsewhere in the record; when it stays ambiguous, or a search term is
// unknown, the base is kept and `notes` says why. Never throws for any input
// text except what text::nfkc throws (core::Error internal, ICU missing).
Coverage resolve_jgrants(const AreaText& text, const Gazetteer& gazetteer);

// The coverage of a Mirasapo plus support-system row: `prefecture_ids` are the
// ids of its `prefectures` field (unpadded "1".."47"; empty = nationwide) and
// `area_note` its `area` text. A note that excludes places (北九州市、福岡市を除く)
// gives the other municipalities of the prefecture; a note that is a list of
// municipalities (相模原市(城山地区…)、山北町、愛川町、清川村) gives those;
// any other note (zoning, legal designations, explanations that happen to
// name a city) leaves the prefectures. Throws as resolve_jgrants.
Coverage resolve_mirasapo(const std::vector<std::string>& prefecture_ids, std::string_view area_note,
                          const Gazetteer& gazetteer);

}  // namespace policymap::programmes
