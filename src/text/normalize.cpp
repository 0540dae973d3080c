#include "text/normalize.hpp"

#include "core/error.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <string>

namespace policymap::text {

namespace {

const icu::Normalizer2& nfkc_normalizer() {
    UErrorCode status = U_ZERO_ERROR;
    // ICU owns the instance and keeps it for the life of the process.
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || normalizer == nullptr) {
        throw core::Error(core::ErrorKind::internal, "icu-unavailable",
                          std::string("ICU NFKC data unavailable: ") + u_errorName(status));
    }
    return *normalizer;
}

// After NFKC every Unicode space is U+0020; tabs, CR and the BOM stay as they are.
bool is_dropped(std::string_view utf8, std::size_t pos, std::size_t length) {
    const std::string_view c = utf8.substr(pos, length);
    return c == " " || c == "\t" || c == "\v" || c == "\f" || c == "\r" ||
           c == "\u200b" || c == "\ufeff";
}

}  // namespace

std::string nfkc(std::string_view utf8) {
    const icu::Normalizer2& normalizer = nfkc_normalizer();
    const icu::UnicodeString source =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString normalized = normalizer.normalize(source, status);
    if (U_FAILURE(status)) {
        throw core::Error(core::ErrorKind::internal, "icu-unavailable",
                          std::string("ICU NFKC normalisation failed: ") + u_errorName(status));
    }
    std::string out;
    normalized.toUTF8String(out);
    return out;
}

std::string match_form(std::string_view utf8) {
    const std::string normalized = nfkc(utf8);
    std::string out;
    out.reserve(normalized.size());
    for (std::size_t pos = 0; pos < normalized.size();) {
        const std::size_t length = char_length(normalized, pos);
        const std::string_view c = std::string_view(normalized).substr(pos, length);
        if (c == "ヶ") {
            out += "ケ";
        } else if (c == "ヵ") {
            out += "カ";
        } else if (!is_dropped(normalized, pos, length)) {
            out += c;
        }
        pos += length;
    }
    return out;
}

std::size_t char_length(std::string_view utf8, std::size_t pos) noexcept {
    const auto lead = static_cast<unsigned char>(utf8[pos]);
    std::size_t length = 1;
    if (lead >= 0xF0 && lead < 0xF8) {
        length = 4;
    } else if (lead >= 0xE0) {
        length = 3;
    } else if (lead >= 0xC0) {
        length = 2;
    }
    if (lead >= 0xF8 || pos + length > utf8.size()) {
        return 1;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((static_cast<unsigned char>(utf8[pos + i]) & 0xC0) != 0x80) {
            return 1;
        }
    }
    return length;
}

std::size_t char_count(std::string_view utf8) noexcept {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < utf8.size(); pos += char_length(utf8, pos)) {
        ++count;
    }
    return count;
}

}  // namespace policymap::text
