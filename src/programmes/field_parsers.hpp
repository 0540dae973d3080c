// Parsers for the values agencies type into forms and spreadsheets: dates in
// Western or Japanese-era form, yen amounts with separators and 万/億 units,
// and area references (codes with or without the JIS X 0402 check digit, or
// names). Each takes NFKC text (full-width digits and spaces already folded)
// and says why it refused a value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace policymap::programmes {

class Gazetteer;

// A point in time as ISO 8601 with its offset, and as seconds since the epoch.
struct Instant {
    std::string iso;  // "2026-11-30T23:59:59+09:00"
    std::int64_t epoch = 0;
};

// "2026-11-30", "2026/11/30", "2026.11.30", "2026年11月30日", "令和8年11月30日",
// "令和元年5月1日", "平成31年4月30日", or ISO 8601 with a time ("2026-11-30T17:00",
// "...:00Z", "...+09:00"). A date alone means Japan time, the start of the day
// or, when `end_of_day`, its last second. nullopt with `why` set otherwise
// (also for dates that do not exist, such as 2026-02-30).
std::optional<Instant> parse_instant(std::string_view text, bool end_of_day, std::string& why);

// "1000000", "1,000,000", "1,000,000円", "¥1,000,000", "100万円", "1億2,000万円",
// "1.5億円". nullopt with `why` for negative, fractional yen or other text.
std::optional<std::int64_t> parse_yen(std::string_view text, std::string& why);

// The JIS X 0402 check digit of a 5-digit local government code: digits
// weighted 6,5,4,3,2, the sum's remainder mod 11 subtracted from 11, last
// digit of that ("13101" -> '6').
char jis_check_digit(std::string_view five_digits);

// An area reference resolved to a coverage code ("JP", "13", "13101"):
// "JP"/"全国"; a 2-digit prefecture code; a 5-digit code, or 6 digits whose
// last is the check digit; "13000" style prefecture codes; a prefecture name;
// a municipality, designated city or ward name, which must be unique in
// Japan or be preceded by its prefecture ("東京都府中市", "東京都 府中市").
// nullopt with `why` naming the problem (unknown code, bad check digit,
// ambiguous name with the candidates).
std::optional<std::string> resolve_area_reference(std::string_view text, const Gazetteer& gazetteer, std::string& why);

// Splits a list cell: a JSON-ish list typed in one cell, separated by '/',
// ';', '|', line breaks or the full-width forms of those (after NFKC).
// Empty parts are dropped and each part is trimmed.
std::vector<std::string> split_list(std::string_view text);

// Trims ASCII spaces, tabs and line breaks at both ends.
std::string trim(std::string_view text);

}  // namespace policymap::programmes
