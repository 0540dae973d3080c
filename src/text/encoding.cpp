#include "text/encoding.hpp"

#include "core/error.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace policymap::text {

namespace {

// ICU's name for Microsoft's Shift_JIS (Windows-31J): "ibm-943_P15A-2003".
constexpr const char* cp932_converter = "windows-31j";

struct ConverterCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Converter open_strict(const char* name) {
    UErrorCode status = U_ZERO_ERROR;
    Converter conv(ucnv_open(name, &status));
    if (U_FAILURE(status)) throw core::Error(core::ErrorKind::internal, "internal", "ICU has no converter for CP932");
    // Stop at the first unmappable or illegal sequence instead of substituting.
    ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    ucnv_setFromUCallBack(conv.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    return conv;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out.erase(std::remove(out.begin(), out.end(), '"'), out.end());
    return out;
}

// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t first_bad_utf8(std::string_view s) noexcept {
    std::size_t i = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
        else return i;
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return std::string_view::npos;
}

[[noreturn]] void unreadable(const std::string& as, std::size_t offset) {
    core::throw_invalid("unreadable-encoding", "the body is not valid " + as,
                        {{"body", "byte " + std::to_string(offset), "not valid " + as + " here; send UTF-8 or Shift_JIS (CP932)"}});
}

// Converts between UTF-8 and CP932 through UTF-16, stopping at the first bad sequence.
std::string convert(std::string_view in, bool to_utf8) {
    auto cp932 = open_strict(cp932_converter);
    auto utf8 = open_strict("UTF-8");
    UConverter* from = to_utf8 ? cp932.get() : utf8.get();
    UConverter* to = to_utf8 ? utf8.get() : cp932.get();
    std::string out(in.size() * 3 + 16, '\0');
    char* target = out.data();
    const char* source = in.data();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_convertEx(to, from, &target, out.data() + out.size(), &source, in.data() + in.size(), nullptr, nullptr,
                   nullptr, nullptr, true, true, &status);
    if (U_FAILURE(status)) {
        // ICU consumed up to and including the bad sequence: report about where it began.
        const auto consumed = static_cast<std::size_t>(source - in.data());
        unreadable(to_utf8 ? "CP932 (Shift_JIS)" : "text for CP932", consumed > 0 ? consumed - 1 : 0);
    }
    out.resize(static_cast<std::size_t>(target - out.data()));
    return out;
}

}  // namespace

bool is_utf8(std::string_view bytes) noexcept { return first_bad_utf8(bytes) == std::string_view::npos; }

Decoded decode_text(std::string_view bytes, std::string_view charset) {
    const std::string label = lower(charset);
    const bool has_bom = bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF";
    if (label.empty() || label == "utf-8" || label == "utf8") {
        if (has_bom) bytes.remove_prefix(3);
        const auto bad = first_bad_utf8(bytes);
        if (bad == std::string_view::npos) return {std::string(bytes), "UTF-8"};
        if (!label.empty()) unreadable("UTF-8", bad + (has_bom ? 3 : 0));
        if (has_bom) unreadable("UTF-8", bad + 3);
        return {convert(bytes, true), "CP932"};
    }
    if (label == "shift_jis" || label == "shift-jis" || label == "sjis" || label == "x-sjis" || label == "windows-31j" ||
        label == "cp932" || label == "ms932" || label == "ms_kanji" || label == "csshiftjis") {
        return {convert(bytes, true), "CP932"};
    }
    core::throw_invalid("unsupported-charset", "charset " + std::string(charset.substr(0, 40)) + " is not supported",
                        {{"Content-Type", std::string(charset.substr(0, 40)), "use charset=UTF-8 or charset=Shift_JIS"}});
}

std::string to_cp932(std::string_view utf8) { return convert(utf8, false); }

}  // namespace policymap::text
