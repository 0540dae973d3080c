#include "programmes/gazetteer.hpp"

#include "text/normalize.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace policymap::programmes {

namespace {

// JIS X 0401, in code order: index + 1 is the code.
constexpr std::array<std::string_view, 47> prefecture_names = {
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県",
    "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
    "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
    "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
    "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"};

std::string two_digits(std::size_t n) {
    return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "東京都" -> "東京", "北海道" stays: the suffix 都/府/県 is one 3-byte character.
std::string_view short_prefecture_name(std::string_view name) {
    if (ends_with(name, "都") || ends_with(name, "府") || ends_with(name, "県")) {
        return name.substr(0, name.size() - std::string_view("県").size());
    }
    return name;
}

bool is_county_name(std::string_view n03_003) {
    return ends_with(n03_003, "郡") || ends_with(n03_003, "支庁") || ends_with(n03_003, "振興局");
}

bool is_ward_feature(const N03Properties& f) {
    return f.N03_007.substr(0, 2) != "13" && ends_with(f.N03_003, "市") && ends_with(f.N03_004, "区");
}

}  // namespace

std::vector<Place> places_from_n03(const std::vector<N03Properties>& features) {
    std::vector<Place> places;
    std::set<std::string> seen;
    std::map<std::string, std::string> prefectures;  // code -> name
    // (pref code, city name) -> lowest ward code; a map keeps the output order stable.
    std::map<std::pair<std::string, std::string>, std::string> cities;

    for (const N03Properties& f : features) {
        if (f.N03_007.size() != 5 || !seen.insert(f.N03_007).second) {
            continue;
        }
        const std::string pref_code = f.N03_007.substr(0, 2);
        prefectures.emplace(pref_code, f.N03_001);
        if (is_ward_feature(f)) {
            auto [it, inserted] = cities.emplace(std::pair{pref_code, f.N03_003}, f.N03_007);
            if (!inserted && f.N03_007 < it->second) {
                it->second = f.N03_007;
            }
        }
    }
    for (const auto& [code, name] : prefectures) {
        places.push_back(Place{code, AreaLevel::prefecture, name, code, "", ""});
    }
    std::map<std::pair<std::string, std::string>, std::string> city_codes;
    for (const auto& [key, lowest_ward] : cities) {
        std::string code = lowest_ward.substr(0, 4) + "0";
        city_codes.emplace(key, code);
        places.push_back(Place{code, AreaLevel::designated_city, key.second, key.first, key.first, ""});
    }
    seen.clear();
    for (const N03Properties& f : features) {
        if (f.N03_007.size() != 5 || !seen.insert(f.N03_007).second) {
            continue;
        }
        const std::string pref_code = f.N03_007.substr(0, 2);
        const std::string county = is_county_name(f.N03_003) ? f.N03_003 : "";
        if (is_ward_feature(f)) {
            places.push_back(Place{f.N03_007, AreaLevel::ward, f.N03_004, pref_code,
                                   city_codes.at({pref_code, f.N03_003}), county});
        } else {
            places.push_back(Place{f.N03_007, AreaLevel::municipality, f.N03_004, pref_code, pref_code, county});
        }
    }
    return places;
}

std::optional<std::string> prefecture_code(std::string_view name, bool allow_short) {
    const std::string key = text::match_form(name);
    for (std::size_t i = 0; i < prefecture_names.size(); ++i) {
        if (key == prefecture_names[i] || (allow_short && key == short_prefecture_name(prefecture_names[i]))) {
            return two_digits(i + 1);
        }
    }
    return std::nullopt;
}

std::string_view prefecture_name(std::string_view code) {
    if (code.size() == 2 && code[0] >= '0' && code[0] <= '9' && code[1] >= '0' && code[1] <= '9') {
        const int n = (code[0] - '0') * 10 + (code[1] - '0');
        if (n >= 1 && n <= 47) {
            return prefecture_names[static_cast<std::size_t>(n - 1)];
        }
    }
    return {};
}

Gazetteer::Gazetteer(std::vector<Place> places) : m_places(std::move(places)) {
    for (std::size_t i = 0; i < m_places.size(); ++i) {
        m_by_code.emplace(m_places[i].code, i);
    }
    auto add_name = [this](auto& index, const std::string& name, std::size_t i) {
        if (name.empty()) {
            return;
        }
        std::string key = text::match_form(name);
        m_longest_name = std::max(m_longest_name, text::char_count(key));
        index[std::move(key)].push_back(i);
    };
    for (std::size_t i = 0; i < m_places.size(); ++i) {
        const Place& place = m_places[i];
        if (place.level == AreaLevel::prefecture) {
            continue;  // prefecture names come from the JIS table, whether or not the importer gave them
        }
        add_name(m_by_name, place.name, i);
        if (place.level == AreaLevel::ward) {
            if (const Place* city = find(place.parent_code)) {
                add_name(m_by_name, city->name + place.name, i);
            }
        }
        add_name(m_by_county, place.county, i);
        if (!place.parent_code.empty()) {
            m_children[place.parent_code].push_back(i);
        }
    }
    for (std::string_view name : prefecture_names) {
        m_longest_name = std::max(m_longest_name, text::char_count(name));
    }
}

const Place* Gazetteer::find(std::string_view code) const {
    const auto it = m_by_code.find(std::string(code));
    return it == m_by_code.end() ? nullptr : &m_places[it->second];
}

std::vector<const Place*> Gazetteer::named(std::string_view name) const {
    std::vector<const Place*> out;
    if (const auto it = m_by_name.find(text::match_form(name)); it != m_by_name.end()) {
        for (std::size_t i : it->second) {
            out.push_back(&m_places[i]);
        }
    }
    return out;
}

std::vector<const Place*> Gazetteer::in_county(std::string_view county) const {
    std::vector<const Place*> out;
    if (const auto it = m_by_county.find(text::match_form(county)); it != m_by_county.end()) {
        for (std::size_t i : it->second) {
            out.push_back(&m_places[i]);
        }
    }
    return out;
}

std::vector<const Place*> Gazetteer::children(std::string_view code) const {
    std::vector<const Place*> out;
    if (const auto it = m_children.find(std::string(code)); it != m_children.end()) {
        for (std::size_t i : it->second) {
            out.push_back(&m_places[i]);
        }
    }
    return out;
}

std::vector<std::size_t> Gazetteer::names_at(std::string_view text, std::size_t pos) const {
    // Candidate ends at each code point boundary up to the longest name.
    std::vector<std::size_t> ends;
    for (std::size_t end = pos, n = 0; end < text.size() && n < m_longest_name; ++n) {
        end += text::char_length(text, end);
        ends.push_back(end);
    }
    std::vector<std::size_t> lengths;
    for (auto it = ends.rbegin(); it != ends.rend(); ++it) {
        const std::string key(text.substr(pos, *it - pos));
        const bool known = m_by_name.count(key) > 0 || m_by_county.count(key) > 0 ||
                           std::find(prefecture_names.begin(), prefecture_names.end(), key) != prefecture_names.end();
        if (known) {
            lengths.push_back(*it - pos);
        }
    }
    return lengths;
}

}  // namespace policymap::programmes
