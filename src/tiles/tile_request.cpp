#include "tiles/tile_request.hpp"

#include "core/error.hpp"
#include "core/purposes.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdint>

namespace policymap::tiles {

namespace {

// Returns the value, or UINT64_MAX for a number too long to hold (then "above 22" / "outside the grid").
std::uint64_t parse_index(std::string_view name, std::string_view text) {
    std::uint64_t value = 0;
    if (!text.empty() && text.size() > 10 && text.find_first_not_of("0123456789") == std::string_view::npos) {
        return UINT64_MAX;
    }
    // Digits only: no sign, no spaces, no hex, at most 10 digits (2^22 fits easily).
    bool digits = !text.empty() && text.size() <= 10 &&
                  text.find_first_not_of("0123456789") == std::string_view::npos;
    if (digits) {
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        digits = ec == std::errc() && ptr == text.data() + text.size();
    }
    if (!digits) {
        core::throw_invalid("invalid-tile-address", std::string(name) + " must be a non-negative integer",
                            {{std::string(name), std::string(text.substr(0, 64)), "not a non-negative integer"}});
    }
    return value;
}

}  // namespace

TileRequest parse_tile_request(std::string_view layer, std::string_view z, std::string_view x, std::string_view y_mvt) {
    constexpr std::string_view ext = ".mvt";
    if (y_mvt.size() <= ext.size() || y_mvt.substr(y_mvt.size() - ext.size()) != ext) {
        core::throw_invalid("invalid-tile-address", "a tile address ends in {y}.mvt",
                            {{"y", std::string(y_mvt.substr(0, 64)), "expected {y}.mvt"}});
    }
    std::string_view y = y_mvt.substr(0, y_mvt.size() - ext.size());
    const std::uint64_t zv = parse_index("z", z);
    const std::uint64_t xv = parse_index("x", x);
    const std::uint64_t yv = parse_index("y", y);
    if (zv > static_cast<std::uint64_t>(core::max_tile_zoom)) {
        core::throw_invalid("invalid-tile-address", "z must be between 0 and 22",
                            {{"z", std::string(z.substr(0, 64)), "above 22"}});
    }
    const std::uint64_t n = std::uint64_t{1} << zv;  // zv <= 22 here
    std::vector<core::FieldProblem> problems;
    if (xv >= n) problems.push_back({"x", std::string(x.substr(0, 64)), "outside 0.." + std::to_string(n - 1) + " at z" + std::to_string(zv)});
    if (yv >= n) problems.push_back({"y", std::string(y.substr(0, 64)), "outside 0.." + std::to_string(n - 1) + " at z" + std::to_string(zv)});
    if (!problems.empty()) {
        core::throw_invalid("invalid-tile-address", "tile index outside the grid of zoom " + std::to_string(zv),
                            std::move(problems));
    }
    return TileRequest{std::string(layer),
                       core::TileCoord{static_cast<int>(zv), static_cast<std::uint32_t>(xv), static_cast<std::uint32_t>(yv)}};
}

namespace {

std::string percent_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

int digits(std::string_view s, std::size_t pos, std::size_t n, bool& ok) {
    int v = 0;
    if (pos + n > s.size()) {
        ok = false;
        return 0;
    }
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') ok = false;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

// "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)" -> UTC "YYYY-MM-DDTHH:MM:SSZ"; nullopt when malformed.
std::optional<std::string> canonical_instant(std::string_view s) {
    bool ok = s.size() >= 20 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == 't') && s[13] == ':' &&
              s[16] == ':';
    if (!ok) return std::nullopt;
    const int y = digits(s, 0, 4, ok), mo = digits(s, 5, 2, ok), d = digits(s, 8, 2, ok);
    const int h = digits(s, 11, 2, ok), mi = digits(s, 14, 2, ok), sec = digits(s, 17, 2, ok);
    std::size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start || pos - start > 9) return std::nullopt;
    }
    int offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
        offset = 0;
    } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
        const int oh = digits(s, pos + 1, 2, ok), om = digits(s, pos + 4, 2, ok);
        if (oh > 23 || om > 59) return std::nullopt;
        offset = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
        return std::nullopt;
    }
    static constexpr int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!ok || mo < 1 || mo > 12 || d < 1 || d > month_days[mo - 1] || h > 23 || mi > 59 || sec > 59) return std::nullopt;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo == 2 && d == 29 && !leap) return std::nullopt;
    long long t = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 +
                  sec - offset * 60;
    long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    long long rem = t - days * 86400;
    // civil_from_days
    days += 719468;
    const long long era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long yy = static_cast<long long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    yy += mm <= 2;
    if (yy < 1 || yy > 9999) return std::nullopt;
    char buf[64];  // room for any value the compiler cannot rule out; 20 used
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", yy, mm, dd, rem / 3600, (rem / 60) % 60,
                  rem % 60);
    return std::string(buf);
}

}  // namespace

std::string TileFilter::canonical_query() const {
    std::string out;
    if (!purposes.empty()) {
        out += "purpose=";
        for (std::size_t i = 0; i < purposes.size(); ++i) out += (i ? "," : "") + percent_encode(purposes[i]);
    }
    if (open) out += std::string(out.empty() ? "" : "&") + "open=true";
    if (at) out += "&at=" + percent_encode(*at);
    return out;
}

std::string TileRequest::key() const {
    std::string k = layer + "/" + coord.to_string();
    const auto q = filter.canonical_query();
    if (!q.empty()) k += "?" + q;
    return k;
}

TileFilter parse_tile_filter(const std::vector<std::pair<std::string, std::string>>& query) {
    std::vector<core::FieldProblem> problems;
    std::vector<bool> chosen(core::purposes.size(), false);
    std::optional<std::string> open_text;
    std::optional<std::string> at_text;
    for (const auto& [name, value] : query) {
        if (name == "purpose") {
            std::size_t start = 0;
            while (start <= value.size()) {
                auto comma = value.find(',', start);
                auto part = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                if (auto i = core::purpose_index(part)) {
                    chosen[*i] = true;
                } else {
                    problems.push_back({"purpose", part.substr(0, 128),
                                        "not a jGrants use_purpose value; allowed: " + core::purposes_list()});
                }
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        } else if (name == "open") {
            if (open_text) problems.push_back({"open", value.substr(0, 64), "given more than once"});
            open_text = value;
        } else if (name == "at") {
            if (at_text) problems.push_back({"at", value.substr(0, 64), "given more than once"});
            at_text = value;
        } else {
            problems.push_back({name.substr(0, 64), value.substr(0, 64), "unknown parameter; tiles take purpose, open and at"});
        }
    }
    TileFilter f;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        if (chosen[i]) f.purposes.emplace_back(core::purposes[i]);
    }
    if (open_text) {
        if (*open_text == "true") f.open = true;
        else if (*open_text != "false") problems.push_back({"open", open_text->substr(0, 64), "must be true or false"});
    }
    if (at_text) {
        if (auto canon = canonical_instant(*at_text)) {
            f.at = *canon;
        } else {
            problems.push_back({"at", at_text->substr(0, 64), "not an ISO 8601 date-time with offset (2026-08-15T09:00:00+09:00)"});
        }
        if (!f.open) problems.push_back({"at", at_text->substr(0, 64), "only meaningful with open=true"});
    }
    if (!problems.empty()) core::throw_invalid("invalid-tile-filter", "the tile filters are not valid", std::move(problems));
    return f;
}

}  // namespace policymap::tiles
