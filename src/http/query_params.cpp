#include "http/query_params.hpp"

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
    std::set<std::string> reported;
    for (const auto& [k, v] : request.query) {
        if (known.count(k) == 0 && reported.insert(k).second) {
            problems.push_back({k.substr(0, 100), v.substr(0, 200), "unknown parameter; allowed: " + allowed});
        }
    }
}

std::optional<std::string> single(const Request& request, const std::string& name, Problems& problems) {
    try {
        return request.param(name);
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
