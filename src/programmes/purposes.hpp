// The one purpose vocabulary of policymap: jGrants' 15 `use_purpose` values,
// used by every filter (search, counts, tiles) whatever a programme's source.
// Other sources' categories are mapped onto it once, at import
// (programmes/mirasapo_purposes.hpp); see docs/purposes.md.
#pragma once

#include <array>
#include <string_view>

namespace policymap::programmes {

// In jGrants' own spelling, most frequent first in the 2026-08 snapshots.
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

}  // namespace policymap::programmes
