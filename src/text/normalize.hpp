// text/ owns Unicode handling of Japanese source text: normalisation and the
// few UTF-8 helpers that matching place names in free text needs. It wraps
// ICU so that no other concern includes ICU headers; it depends on core only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace policymap::text {

// Unicode NFKC (ICU Normalizer2): full-width letters, digits and punctuation
// become ASCII, half-width katakana become full width, and compatibility
// characters such as the Kangxi radicals some agencies paste (⼩, ⾦) become
// the ordinary kanji. Malformed UTF-8 comes out with U+FFFD in its place.
// Throws core::Error(internal, "icu-unavailable") when ICU has no NFKC data.
std::string nfkc(std::string_view utf8);

// The form in which place names and free text are compared: NFKC, without
// spaces or tabs (a title writes 【三重県　鈴鹿市】 with a full-width space),
// line breaks kept as "\n" (they end a clause), and the small katakana ヶ/ヵ
// folded to ケ/カ because place names are written both ways (鶴ヶ島市,
// 龍ケ崎市). Throws what nfkc() throws.
std::string match_form(std::string_view utf8);

// Byte length of the UTF-8 sequence that starts at `pos` (1 for a stray byte,
// so that a scan always advances). `pos` must be < utf8.size().
std::size_t char_length(std::string_view utf8, std::size_t pos) noexcept;

// Number of code points in `utf8`.
std::size_t char_count(std::string_view utf8) noexcept;

}  // namespace policymap::text
