#include "text/search_terms.hpp"

#include "text/normalize.hpp"

namespace policymap::text {

namespace {

// Decodes the code point of a well-formed UTF-8 sequence of `length` bytes.
char32_t decode(std::string_view c) {
    const auto b = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(c[i])); };
    switch (c.size()) {
        case 1: return b(0);
        case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
        case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
        default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    }
}

void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_space(char32_t cp) { return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f'; }
bool is_control(char32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x200B || cp == 0xFEFF; }

}  // namespace

std::vector<std::string> keyword_terms(std::string_view query) {
    const std::string normalized = nfkc(query);
    std::vector<std::string> terms;
    std::string current;
    for (std::size_t pos = 0; pos < normalized.size();) {
        const std::size_t length = char_length(normalized, pos);
        const std::string_view c = std::string_view(normalized).substr(pos, length);
        pos += length;
        const char32_t cp = decode(c);
        if (is_space(cp)) {
            if (!current.empty()) terms.push_back(std::move(current));
            current.clear();
        } else if (!is_control(cp) && cp != 0xFFFD) {
            current += c;
        }
    }
    if (!current.empty()) terms.push_back(std::move(current));
    return terms;
}

std::string reading_form(std::string_view utf8) {
    const std::string normalized = nfkc(utf8);
    std::string out;
    for (std::size_t pos = 0; pos < normalized.size();) {
        const std::size_t length = char_length(normalized, pos);
        const char32_t cp = decode(std::string_view(normalized).substr(pos, length));
        pos += length;
        if (is_space(cp)) continue;
        if (cp >= 0x30A1 && cp <= 0x30F6) {
            append(out, cp - 0x60);  // katakana ァ..ヶ -> hiragana ぁ..ゖ
        } else if ((cp >= 0x3041 && cp <= 0x3096) || cp == 0x30FC) {
            append(out, cp);
        } else {
            return {};
        }
    }
    return out;
}

}  // namespace policymap::text
