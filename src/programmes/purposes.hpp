// The closed vocabularies of jGrants that programmes are classified by, spelled
// exactly as the jGrants snapshots spell them: use_purpose (15 values — the one
// purpose list for every filter, search, counts and tiles, whatever a
// programme's source; other sources' categories are mapped onto it once, at
// import: programmes/mirasapo_purposes.hpp, docs/purposes.md), industry (20
// JSIC divisions) and the employee size classes.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace policymap::programmes {

// Most frequent first in the 2026-08 snapshots.
inline constexpr std::array<std::string_view, 15> purpose_vocabulary = {
    "設備整備・IT導入をしたい",
    "新たな事業を行いたい",
    "雇用・職場環境を改善したい",
    "販路拡大・海外展開をしたい",
    "エコ・SDGs活動支援がほしい",
    "研究開発・実証事業を行いたい",
    "安全・防災対策支援がほしい",
    "まちづくり・地域振興支援がほしい",
    "人材育成を行いたい",
    "資金繰りを改善したい",
    "イベント・事業運営支援がほしい",
    "災害（自然災害、感染症等）支援がほしい",
    "事業を引き継ぎたい",
    "教育・子育て・少子化支援がほしい",
    "スポーツ・文化支援がほしい",
};

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
