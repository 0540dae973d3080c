#pragma once

#include <string>
#include <string_view>

namespace policymap::text {

// Text decoded to UTF-8, and the encoding it was read as ("UTF-8", "CP932").
struct Decoded {
    std::string utf8;
    std::string encoding;
};

// Whether `bytes` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_utf8(std::string_view bytes) noexcept;

// Decodes a text file as offices write it. `charset` is the label the sender
// gave ("" when none): UTF-8 (a BOM is dropped), or Shift_JIS / Windows-31J /
// CP932 / MS932, all read as CP932 because that is what Excel writes under
// any of those names (～ is U+FF5E, ① and the NEC/IBM extensions exist).
// Without a label: UTF-8 when the bytes are valid UTF-8, else CP932 when they
// are valid CP932. Throws core::Error(invalid_input, "unreadable-encoding")
// naming the byte offset when the bytes are neither (or not the labelled
// encoding), and for any other label.
Decoded decode_text(std::string_view bytes, std::string_view charset);

// Encodes UTF-8 as CP932 (for tests and templates). Throws
// core::Error(invalid_input, "unreadable-encoding") for characters CP932 lacks.
std::string to_cp932(std::string_view utf8);

}  // namespace policymap::text
