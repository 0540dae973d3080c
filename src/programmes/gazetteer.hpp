// The gazetteer: every area a programme can cover (prefectures, municipalities,
// designated cities and their wards) with the names that free text uses for
// them. Municipality names come only from the N03 boundaries; the 47
// prefectures (JIS X 0401) are a fixed table. Pure C++: no database, no GDAL.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace policymap::programmes {

enum class AreaLevel { prefecture, municipality, designated_city, ward };

struct Place {
    std::string code;         // "13", "13101", "14100", "14104"
    AreaLevel level = AreaLevel::municipality;
    std::string name;         // N03_004 for municipalities and wards ("千代田区", "中区"),
                              // N03_003 for a designated city ("横浜市"), N03_001 for a prefecture
    std::string pref_code;    // "13" (for a prefecture: its own code)
    std::string parent_code;  // ward -> its designated city; municipality, designated city -> prefecture;
                              // prefecture -> ""
    std::string county;       // N03_003 when it is a 郡 / 支庁 / 振興局 name, else ""
};

// The attributes of one N03 feature, under their N03 names; absent values are "".
struct N03Properties {
    std::string N03_001;
    std::string N03_002;
    std::string N03_003;
    std::string N03_004;
    std::string N03_007;
};

// Turns N03 features into Places: one per coded feature, plus one designated
// city per group of wards and one prefecture per prefecture seen. A ward is a
// feature outside Tokyo (13) whose N03_003 ends in 市 and N03_004 in 区; its
// city's code is the lowest ward code floored to ten (14101 -> 14100).
// Features without N03_007 (所属未定地) are skipped; repeated codes (one row
// per polygon part, as in the official Shapefiles) give one Place.
std::vector<Place> places_from_n03(const std::vector<N03Properties>& features);

// The 2-digit JIS X 0401 code of a prefecture name ("東京都" -> "13"), in any
// width; nullopt for anything else. The short forms ("東京", "大阪") are
// accepted only when `allow_short` is set: in running text they are ambiguous
// with city names (京都市) and words (中国).
std::optional<std::string> prefecture_code(std::string_view name, bool allow_short = false);

// The name of a 2-digit prefecture code ("13" -> "東京都"); "" when unknown.
std::string_view prefecture_name(std::string_view code);

class Gazetteer {
public:
    explicit Gazetteer(std::vector<Place> places);

    const std::vector<Place>& places() const { return m_places; }

    // The place with this code, or nullptr.
    const Place* find(std::string_view code) const;

    // Municipalities, designated cities and wards with this name, in any width.
    // A ward answers to its own name ("中区", shared by six cities) and to the
    // name with its city ("横浜市中区").
    std::vector<const Place*> named(std::string_view name) const;

    // Municipalities of a county or Tokyo island sub-prefecture ("三戸郡", "八丈支庁").
    std::vector<const Place*> in_county(std::string_view county) const;

    // What a place divides into: a prefecture's municipalities and designated
    // cities (not their wards), a designated city's wards; empty otherwise.
    std::vector<const Place*> children(std::string_view code) const;

    // Byte lengths of every known name (prefecture, county, municipality,
    // designated city, ward, city+ward) that starts at `pos` of `text`, longest
    // first. `text` must be in text::match_form.
    std::vector<std::size_t> names_at(std::string_view text, std::size_t pos) const;

private:
    std::vector<Place> m_places;
    std::unordered_map<std::string, std::size_t> m_by_code;
    std::unordered_map<std::string, std::vector<std::size_t>> m_by_name;    // match_form keys
    std::unordered_map<std::string, std::vector<std::size_t>> m_by_county;  // match_form keys
    std::unordered_map<std::string, std::vector<std::size_t>> m_children;
    std::size_t m_longest_name = 0;  // in code points, to bound names_at
};

}  // namespace policymap::programmes
