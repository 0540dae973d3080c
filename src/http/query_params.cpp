#include "http/query_params.hpp"

#include "text/encoding.hpp"

#include <algorithm>
#include <cctype>

namespace policymap::http {

void throw_problems(Problems problems) {
    std::string detail;
    for (const auto& p : problems) detail += (detail.empty() ? "" : "; ") + p.field + ": " + p.message;
    core::throw_invalid("invalid-parameter", detail, std::move(problems));
}

void check_known(const Request& request, const std::set<std::string>& known, Problems& problems) {
    std::string allowed;
    for (const auto& k : known) allowed += (allowed.empty() ? "" : ", ") + k;
    // Each unknown name once, the first 20 of them in full: a scanner's
    // thousand made-up parameters get a short answer, not a long one.
    constexpr std::size_t shown = 20;
    std::set<std::string> reported;
    for (const auto& [k, v] : request.query) {
        if (known.count(k) == 0 && reported.insert(k).second && reported.size() <= shown) {
            problems.push_back({k.substr(0, 100), v.substr(0, 200), "unknown parameter; allowed: " + allowed});
        }
    }
    if (reported.size() > shown) {
        problems.push_back({"(query)", "", std::to_string(reported.size() - shown) + " more unknown parameters not listed"});
    }
}

bool is_text(const std::string& name, const std::string& value, Problems& problems) {
    if (!text::is_utf8(value)) {
        problems.push_back({name, "", "not UTF-8 text (percent-encode the UTF-8 bytes of the text)"});
        return false;
    }
    if (std::any_of(value.begin(), value.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
        problems.push_back({name, "", "control characters are not allowed"});
        return false;
    }
    return true;
}

std::optional<std::string> single(const Request& request, const std::string& name, Problems& problems) {
    try {
        auto value = request.param(name);
        if (value && !is_text(name, *value, problems)) return std::nullopt;
        return value;
    } catch (const core::Error& e) {
        problems.insert(problems.end(), e.fields().begin(), e.fields().end());
        return std::nullopt;
    }
}

std::string percent_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace policymap::http
