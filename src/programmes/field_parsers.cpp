#include "programmes/field_parsers.hpp"

#include "programmes/gazetteer.hpp"
#include "text/normalize.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace policymap::programmes {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool valid_date(int y, int m, int d) {
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
    static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[static_cast<std::size_t>(m - 1)] + (m == 2 && leap ? 1 : 0);
}

// Reads 1..max_len digits at `pos`.
std::optional<int> read_int(std::string_view s, std::size_t& pos, std::size_t max_len) {
    std::size_t start = pos;
    int v = 0;
    while (pos < s.size() && is_digit(s[pos]) && pos - start < max_len) v = v * 10 + (s[pos++] - '0');
    if (pos == start) return std::nullopt;
    return v;
}

bool eat(std::string_view s, std::size_t& pos, std::string_view token) {
    if (s.substr(pos, token.size()) == token) {
        pos += token.size();
        return true;
    }
    return false;
}

std::string pad(int v, int width) {
    std::string s = std::to_string(v);
    while (static_cast<int>(s.size()) < width) s.insert(s.begin(), '0');
    return s;
}

}  // namespace

std::string trim(std::string_view text) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return std::string(text);
}

std::optional<Instant> parse_instant(std::string_view raw, bool end_of_day, std::string& why) {
    const std::string norm = trim(text::nfkc(raw));
    std::string_view s = norm;
    std::size_t pos = 0;
    int y = 0;
    int m = 0;
    int d = 0;
    bool japanese = false;
    struct Era {
        std::string_view name;
        int offset;
    };
    static constexpr std::array<Era, 2> eras = {Era{"令和", 2018}, Era{"平成", 1988}};
    for (const auto& era : eras) {
        if (!starts_with(s, era.name)) continue;
        pos = era.name.size();
        if (eat(s, pos, "元")) {
            y = 1;
        } else if (auto v = read_int(s, pos, 2)) {
            y = *v;
        } else {
            why = "an era year must be a number or 元";
            return std::nullopt;
        }
        y += era.offset;
        japanese = true;
        break;
    }
    if (!japanese) {
        auto v = read_int(s, pos, 4);
        if (!v || pos != 4) {
            why = "not a date: write 2026-11-30, 2026/11/30 or 令和8年11月30日";
            return std::nullopt;
        }
        y = *v;
    }
    const bool kanji = eat(s, pos, "年");
    if (!kanji && (japanese || !(eat(s, pos, "-") || eat(s, pos, "/") || eat(s, pos, ".")))) {
        why = "not a date: write 2026-11-30, 2026/11/30 or 令和8年11月30日";
        return std::nullopt;
    }
    auto mv = read_int(s, pos, 2);
    if (!mv || !(kanji ? eat(s, pos, "月") : (eat(s, pos, "-") || eat(s, pos, "/") || eat(s, pos, ".")))) {
        why = "not a date: the month is missing or malformed";
        return std::nullopt;
    }
    m = *mv;
    auto dv = read_int(s, pos, 2);
    if (!dv || (kanji && !eat(s, pos, "日"))) {
        why = "not a date: the day is missing or malformed";
        return std::nullopt;
    }
    d = *dv;
    if (!valid_date(y, m, d)) {
        why = "no such date";
        return std::nullopt;
    }
    int hh = end_of_day ? 23 : 0;
    int mi = end_of_day ? 59 : 0;
    int ss = end_of_day ? 59 : 0;
    int offset_min = 9 * 60;
    if (pos < s.size()) {
        if (!(eat(s, pos, "T") || eat(s, pos, " "))) {
            why = "unexpected text after the date";
            return std::nullopt;
        }
        auto h = read_int(s, pos, 2);
        if (!h || !eat(s, pos, ":")) {
            why = "a time must be HH:MM";
            return std::nullopt;
        }
        auto mn = read_int(s, pos, 2);
        if (!mn) {
            why = "a time must be HH:MM";
            return std::nullopt;
        }
        hh = *h;
        mi = *mn;
        ss = 0;
        if (eat(s, pos, ":")) {
            auto sv = read_int(s, pos, 2);
            if (!sv) {
                why = "seconds must be two digits";
                return std::nullopt;
            }
            ss = *sv;
        }
        if (eat(s, pos, "Z")) {
            offset_min = 0;
        } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
            const int sign = s[pos++] == '-' ? -1 : 1;
            auto oh = read_int(s, pos, 2);
            eat(s, pos, ":");
            auto om = read_int(s, pos, 2);
            if (!oh || !om || *oh > 14 || *om > 59) {
                why = "a time zone offset must be +HH:MM";
                return std::nullopt;
            }
            offset_min = sign * (*oh * 60 + *om);
        }
        if (pos != s.size() || hh > 23 || mi > 59 || ss > 59) {
            why = "not a valid time of day";
            return std::nullopt;
        }
    }
    Instant out;
    out.epoch = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400 + hh * 3600 + mi * 60 + ss -
                offset_min * 60;
    const int off = std::abs(offset_min);
    out.iso = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(hh, 2) + ":" + pad(mi, 2) + ":" + pad(ss, 2) +
              (offset_min < 0 ? "-" : "+") + pad(off / 60, 2) + ":" + pad(off % 60, 2);
    return out;
}

std::optional<std::int64_t> parse_yen(std::string_view raw, std::string& why) {
    std::string s;
    for (char c : text::nfkc(raw)) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') s += c;
    }
    for (std::string_view strip : {"¥", "\\", "金"}) {
        if (starts_with(s, strip)) s.erase(0, strip.size());
    }
    if (s.size() >= std::string_view("円").size() && s.substr(s.size() - std::string_view("円").size()) == "円") {
        s.erase(s.size() - std::string_view("円").size());
    }
    if (s.empty()) {
        why = "not an amount";
        return std::nullopt;
    }
    if (s[0] == '-') {
        why = "must not be negative";
        return std::nullopt;
    }
    long double total = 0;
    std::size_t pos = 0;
    long double last_unit = 1e30L;
    while (pos < s.size()) {
        std::string number;
        bool seen_point = false;
        while (pos < s.size() && (is_digit(s[pos]) || s[pos] == ',' || (s[pos] == '.' && !seen_point))) {
            if (s[pos] == '.') seen_point = true;
            if (s[pos] != ',') number += s[pos];
            ++pos;
        }
        if (number.empty() || number == ".") {
            why = "not an amount: write 1000000, 1,000,000 or 100万円";
            return std::nullopt;
        }
        long double unit = 1;
        if (eat(s, pos, "億")) unit = 1e8L;
        else if (eat(s, pos, "万")) unit = 1e4L;
        else if (eat(s, pos, "千")) unit = 1e3L;
        if (unit >= last_unit || (unit == 1 && pos < s.size())) {
            why = "not an amount: write 1000000, 1,000,000 or 100万円";
            return std::nullopt;
        }
        last_unit = unit;
        total += std::stold(number) * unit;
    }
    if (total > 1e15L) {
        why = "too large for an amount in yen";
        return std::nullopt;
    }
    const long double rounded = std::round(total);
    if (std::fabs(total - rounded) > 1e-6L) {
        why = "must be a whole number of yen";
        return std::nullopt;
    }
    return static_cast<std::int64_t>(rounded);
}

char jis_check_digit(std::string_view five) {
    static constexpr std::array<int, 5> weights = {6, 5, 4, 3, 2};
    int sum = 0;
    for (std::size_t i = 0; i < 5 && i < five.size(); ++i) sum += (five[i] - '0') * weights[i];
    return static_cast<char>('0' + (11 - sum % 11) % 10);
}

std::optional<std::string> resolve_area_reference(std::string_view raw, const Gazetteer& gazetteer, std::string& why) {
    const std::string s = trim(text::nfkc(raw));
    if (s.empty()) {
        why = "empty area";
        return std::nullopt;
    }
    if (s == "JP" || s == "jp" || s == "全国") return std::string("JP");
    if (all_digits(s)) {
        std::string code = s;
        if (s.size() == 6) {
            if (jis_check_digit(s.substr(0, 5)) != s[5]) {
                why = std::string("wrong check digit: the JIS X 0402 code of ") + s.substr(0, 5) + " ends in " +
                      jis_check_digit(s.substr(0, 5));
                return std::nullopt;
            }
            code = s.substr(0, 5);
        }
        if (code.size() == 5 && code.substr(2) == "000") code = code.substr(0, 2);  // 13000: the prefecture
        if (code.size() != 2 && code.size() != 5) {
            why = "an area code has 2 (prefecture), 5 or 6 (with check digit) digits";
            return std::nullopt;
        }
        if (gazetteer.find(code) == nullptr) {
            why = "no area has this code";
            return std::nullopt;
        }
        return code;
    }
    if (auto pref = prefecture_code(s)) return *pref;
    // A prefecture name in front narrows the name that follows it.
    std::string pref_filter;
    std::string name = s;
    for (int i = 1; i <= 47; ++i) {
        const std::string code = pad(i, 2);
        const auto pname = prefecture_name(code);
        if (!pname.empty() && starts_with(s, pname)) {
            pref_filter = code;
            name = trim(std::string_view(s).substr(pname.size()));
            break;
        }
    }
    std::vector<const Place*> found;
    for (const Place* p : gazetteer.named(name)) {
        if (p->level == AreaLevel::prefecture) continue;
        if (!pref_filter.empty() && p->pref_code != pref_filter) continue;
        found.push_back(p);
    }
    if (found.size() == 1) return found[0]->code;
    if (found.empty()) {
        why = pref_filter.empty() ? "no area has this name" : "no area of this name in " + std::string(prefecture_name(pref_filter));
        return std::nullopt;
    }
    why = "ambiguous: write the prefecture before the name, one of";
    for (std::size_t i = 0; i < found.size() && i < 8; ++i) {
        why += (i == 0 ? " " : ", ") + std::string(prefecture_name(found[i]->pref_code)) +
               (found[i]->level == AreaLevel::ward ? std::string() : std::string()) + name + " (" + found[i]->code + ")";
    }
    return std::nullopt;
}

std::vector<std::string> split_list(std::string_view raw) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : raw) {
        if (c == '/' || c == ';' || c == '|' || c == '\n' || c == '\r') {
            auto t = trim(cur);
            if (!t.empty()) out.push_back(t);
            cur.clear();
        } else {
            cur += c;
        }
    }
    auto t = trim(cur);
    if (!t.empty()) out.push_back(t);
    return out;
}

}  // namespace policymap::programmes
