#include "http/message.hpp"

#include "core/error.hpp"

namespace policymap::http {

std::optional<std::string> Request::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> Request::param(const std::string& name) const {
    std::optional<std::string> found;
    for (const auto& [k, v] : query) {
        if (k != name) continue;
        if (found) core::throw_invalid("invalid-parameter", name + " given more than once", {{name, v, "given more than once"}});
        found = v;
    }
    return found;
}

void Response::set(std::string name, std::string value) {
    for (auto& [k, v] : headers) {
        if (k == name) {
            v = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    auto hexval = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            const int hi = i + 2 < text.size() ? hexval(text[i + 1]) : -1;
            const int lo = i + 2 < text.size() ? hexval(text[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                core::throw_invalid("invalid-query", "malformed percent-encoding",
                                    {{"query", std::string(text.substr(i, 3)), "a % must be followed by two hex digits"}});
            }
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view raw) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t start = 0;
    while (start < raw.size()) {
        auto amp = raw.find('&', start);
        auto part = raw.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        if (!part.empty()) {
            auto eq = part.find('=');
            std::string key = percent_decode(part.substr(0, eq), true);
            std::string value = eq == std::string_view::npos ? std::string() : percent_decode(part.substr(eq + 1), true);
            out.emplace_back(std::move(key), std::move(value));
        }
        if (amp == std::string_view::npos) break;
        start = amp + 1;
    }
    return out;
}

}  // namespace policymap::http
