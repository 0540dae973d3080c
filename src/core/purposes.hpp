// The closed vocabulary of programme purposes: jGrants' `use_purpose` values,
// exactly as the source spells them (taken from the real snapshots). Every
// filter by purpose (tiles, programme search) checks against this one list.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace policymap::core {

inline constexpr std::array<std::string_view, 15> purposes = {
    "新たな事業を行いたい",
    "販路拡大・海外展開をしたい",
    "イベント・事業運営支援がほしい",
    "事業を引き継ぎたい",
    "研究開発・実証事業を行いたい",
    "人材育成を行いたい",
    "資金繰りを改善したい",
    "設備整備・IT導入をしたい",
    "雇用・職場環境を改善したい",
    "エコ・SDGs活動支援がほしい",
    "災害（自然災害、感染症等）支援がほしい",
    "教育・子育て・少子化支援がほしい",
    "スポーツ・文化支援がほしい",
    "安全・防災対策支援がほしい",
    "まちづくり・地域振興支援がほしい",
};

// The position of `value` in `purposes`, or nullopt when it is not one of them.
std::optional<std::size_t> purpose_index(std::string_view value);

// "a, b, c": the allowed values, for error messages.
std::string purposes_list();

}  // namespace policymap::core
