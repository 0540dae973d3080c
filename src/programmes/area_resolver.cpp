#include "programmes/area_resolver.hpp"

#include "text/normalize.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <utility>

namespace policymap::programmes {

namespace {

constexpr std::string_view nationwide = "JP";
constexpr int prefecture_count = 47;

// jGrants' regional blocks (地方), as its search form groups the prefectures.
struct RegionalBlock {
    std::string_view name;
    std::string_view codes;  // space-separated prefecture codes
};
constexpr std::array<RegionalBlock, 8> regional_blocks{{
    {"北海道地方", "01"},
    {"東北地方", "02 03 04 05 06 07"},
    {"関東・甲信越地方", "08 09 10 11 12 13 14 15 19 20"},
    {"東海・北陸地方", "16 17 18 21 22 23 24"},
    {"近畿地方", "25 26 27 28 29 30"},
    {"中国地方", "31 32 33 34 35"},
    {"四国地方", "36 37 38 39"},
    {"九州・沖縄地方", "40 41 42 43 44 45 46 47"},
}};

// Words that take the places listed just before them out of the coverage
// (名古屋市を除く, 北九州市、福岡市が所管する地域を除き, 名古屋市以外).
constexpr std::array<std::string_view, 4> exclusion_markers{"除く", "除き", "除外", "以外"};

// Between the last excluded name and the marker only connecting words may
// stand (を, が所管する地域を); a clause break means the names belong to another
// statement (「特定市」は各特定市が審査・検査し、それ以外の地域は…).
constexpr std::array<std::string_view, 30> clause_breaks{
    "、", "。", ",", ".", ";", ":", "!", "?", "\n", "※", "(", ")", "「", "」", "『",
    "』", "【", "】", "[", "]", "〔", "〕", "{", "}", "<", ">", "〈", "〉", "《", "》"};

constexpr std::array<std::string_view, 10> opening_brackets{"(", "「", "『", "【", "[", "〔", "{", "<", "〈", "《"};
constexpr std::array<std::string_view, 10> closing_brackets{")", "」", "』", "】", "]", "〕", "}", ">", "〉", "》"};

// What may stand between two names of one list.
constexpr std::array<std::string_view, 15> list_separators{
    "、", ",", "・", "/", "\n", "*", "-", "及び", "および", "並びに", "ならびに", "又は", "または", "と", "や"};

// What may follow a listed name without making it something else than the
// place itself (岡崎市内, 静岡市全域, 藤野町の区域).
constexpr std::array<std::string_view, 5> name_suffixes{"の全域", "の区域", "全域", "区域", "内"};

using CodeSet = std::set<std::string>;

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

template <std::size_t N>
std::size_t prefix_in(std::string_view s, const std::array<std::string_view, N>& words) {
    for (std::string_view w : words) {
        if (starts_with(s, w)) {
            return w.size();
        }
    }
    return 0;
}

std::string two_digits(int n) {
    return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

std::string quoted(std::string_view s) {
    return "「" + std::string(s) + "」";
}

// ---- the search list -------------------------------------------------------

std::vector<std::string> block_prefectures(std::string_view term) {
    for (const RegionalBlock& block : regional_blocks) {
        // "関東・甲信越" is seen as well as "関東・甲信越地方".
        if (term == block.name || std::string(term) + "地方" == block.name) {
            std::vector<std::string> codes;
            for (std::size_t pos = 0; pos + 2 <= block.codes.size(); pos += 3) {
                codes.emplace_back(block.codes.substr(pos, 2));
            }
            return codes;
        }
    }
    return {};
}

std::vector<std::string_view> split_terms(std::string_view s) {
    std::vector<std::string_view> terms;
    std::size_t start = 0;
    for (std::size_t pos = 0; pos < s.size();) {
        // "/" is jGrants' separator; the others turn up in hand-written lists.
        const std::size_t sep = prefix_in(s.substr(pos), std::array<std::string_view, 4>{"/", ",", "、", "\n"});
        if (sep > 0) {
            terms.push_back(s.substr(start, pos - start));
            pos += sep;
            start = pos;
        } else {
            pos += text::char_length(s, pos);
        }
    }
    terms.push_back(s.substr(start));
    return terms;
}

// Folds "every prefecture" into "JP" and drops codes inside another code of the set.
CodeSet normalized(CodeSet codes, const Gazetteer& gazetteer) {
    if (codes.count(std::string(nationwide)) > 0) {
        return {std::string(nationwide)};
    }
    const auto prefectures = std::count_if(codes.begin(), codes.end(), [](const std::string& c) { return c.size() == 2; });
    if (prefectures == prefecture_count) {
        return {std::string(nationwide)};
    }
    CodeSet out;
    for (const std::string& code : codes) {
        bool inside_another = false;
        for (const Place* place = gazetteer.find(code); place != nullptr && !place->parent_code.empty();
             place = gazetteer.find(place->parent_code)) {
            if (codes.count(place->parent_code) > 0) {
                inside_another = true;
                break;
            }
        }
        if (!inside_another) {
            out.insert(code);
        }
    }
    return out;
}

// ---- names in free text ----------------------------------------------------

enum class MentionKind { prefecture, county, place };

struct Mention {
    std::size_t begin = 0;  // byte offsets in the field's match_form text
    std::size_t end = 0;
    MentionKind kind = MentionKind::place;
    std::string name;
    std::string prefecture;                // kind prefecture: its code
    std::vector<const Place*> candidates;  // place: every place of that name; county: its municipalities
};

// A known name at this spot that is not meant as the place.
bool is_name_here(std::string_view text, std::size_t begin, std::size_t end) {
    // 旧新宮町: a former municipality, merged away; the name now belongs elsewhere.
    if (begin >= std::string_view("旧").size() && ends_with(text.substr(0, begin), "旧")) {
        return false;
    }
    // 漁港区域, 地区画: 区 starts a word here, it does not end a ward name.
    if (ends_with(text.substr(begin, end - begin), "区")) {
        const std::string_view after = text.substr(end);
        if (prefix_in(after, std::array<std::string_view, 4>{"域", "画", "分", "間"}) > 0) {
            return false;
        }
    }
    return true;
}

// Leftmost-longest scan: 東広島市 is read whole before 広島市 can match inside
// it, and 東京都府中市 as 東京都 + 府中市 rather than 京都府 + 中市.
std::vector<Mention> scan(std::string_view text, const Gazetteer& gazetteer) {
    std::vector<Mention> mentions;
    for (std::size_t pos = 0; pos < text.size();) {
        bool matched = false;
        for (std::size_t length : gazetteer.names_at(text, pos)) {
            if (!is_name_here(text, pos, pos + length)) {
                continue;
            }
            Mention m;
            m.begin = pos;
            m.end = pos + length;
            m.name = std::string(text.substr(pos, length));
            if (auto code = prefecture_code(m.name)) {
                m.kind = MentionKind::prefecture;
                m.prefecture = *code;
            } else if (auto places = gazetteer.named(m.name); !places.empty()) {
                m.kind = MentionKind::place;
                m.candidates = std::move(places);
            } else {
                m.kind = MentionKind::county;
                m.candidates = gazetteer.in_county(m.name);
            }
            mentions.push_back(std::move(m));
            pos += length;
            matched = true;
            break;
        }
        if (!matched) {
            pos += text::char_length(text, pos);
        }
    }
    return mentions;
}

// Byte length of the balanced bracket group that opens `s` ("(城山地区、…)"), else 0.
std::size_t bracket_group_length(std::string_view s) {
    if (prefix_in(s, opening_brackets) == 0) {
        return 0;
    }
    int depth = 0;
    for (std::size_t pos = 0; pos < s.size();) {
        if (const std::size_t n = prefix_in(s.substr(pos), opening_brackets); n > 0) {
            ++depth;
            pos += n;
        } else if (const std::size_t m = prefix_in(s.substr(pos), closing_brackets); m > 0) {
            pos += m;
            if (--depth == 0) {
                return pos;
            }
        } else {
            pos += text::char_length(s, pos);
        }
    }
    return 0;
}

// The end of what follows a listed name before the next one may start: a
// bracketed remark (a district of the city, an exception), a suffix such as 内.
std::size_t skip_name_tail(std::string_view text, std::size_t pos) {
    pos += bracket_group_length(text.substr(pos));
    pos += prefix_in(text.substr(pos), name_suffixes);
    return pos;
}

std::size_t skip_separators(std::string_view text, std::size_t pos) {
    while (pos < text.size()) {
        const std::size_t n = prefix_in(text.substr(pos), list_separators);
        if (n == 0) {
            break;
        }
        pos += n;
    }
    return pos;
}

// Whether the text between two names joins them into one list.
bool joins_list(std::string_view text, std::size_t from, std::size_t to) {
    return skip_separators(text, skip_name_tail(text, from)) >= to;
}

bool has_clause_break(std::string_view gap) {
    for (std::size_t pos = 0; pos < gap.size(); pos += text::char_length(gap, pos)) {
        if (prefix_in(gap.substr(pos), clause_breaks) > 0) {
            return true;
        }
    }
    return false;
}

// One of title, target_area_detail, institution_name or a Mirasapo area note.
struct Field {
    std::string text;
    std::vector<Mention> mentions;
    std::vector<std::pair<std::size_t, std::size_t>> exclusions;  // mention index ranges [first, last]

    // A prefecture or county written right before a place name only says
    // which place is meant (三重県鈴鹿市, 三戸郡南部町).
    bool is_context(std::size_t i) const {
        return mentions[i].kind != MentionKind::place && i + 1 < mentions.size() &&
               mentions[i + 1].begin == mentions[i].end && mentions[i + 1].kind == MentionKind::place;
    }

    bool is_excluded(std::size_t i) const {
        return std::any_of(exclusions.begin(), exclusions.end(),
                           [i](const auto& run) { return run.first <= i && i <= run.second; });
    }
};

Field read_field(std::string_view raw, const Gazetteer& gazetteer) {
    Field field;
    field.text = text::match_form(raw);
    field.mentions = scan(field.text, gazetteer);
    const std::string_view text = field.text;
    for (std::string_view marker : exclusion_markers) {
        for (std::size_t at = text.find(marker); at != std::string_view::npos; at = text.find(marker, at + 1)) {
            // The list ends with the last name before the marker ...
            std::optional<std::size_t> last;
            for (std::size_t i = 0; i < field.mentions.size() && field.mentions[i].end <= at; ++i) {
                last = i;
            }
            if (!last || has_clause_break(text.substr(field.mentions[*last].end, at - field.mentions[*last].end))) {
                continue;
            }
            // 以外 also reads "besides" (事業所以外も対象): only a name right before it is taken out.
            if (marker == "以外" && skip_name_tail(text, field.mentions[*last].end) != at) {
                continue;
            }
            // ... and reaches back over names joined by 、・及び and the like.
            std::size_t first = *last;
            while (first > 0 && joins_list(text, field.mentions[first - 1].end, field.mentions[first].begin)) {
                --first;
            }
            field.exclusions.emplace_back(first, *last);
        }
    }
    return field;
}

// The mentions that make up a note consisting only of a list of names, or
// nullopt when the note says something else (a zoning rule, a sentence that
// happens to name a city).
std::optional<std::vector<std::size_t>> list_items(const Field& field) {
    const std::string_view text = field.text;
    const std::vector<Mention>& ms = field.mentions;
    std::vector<std::size_t> items;
    std::size_t i = 0;
    for (std::size_t pos = skip_separators(text, 0); pos < text.size();) {
        while (i < ms.size() && ms[i].begin < pos) {
            ++i;  // names inside a skipped remark
        }
        if (i == ms.size() || ms[i].begin != pos) {
            return std::nullopt;
        }
        while (field.is_context(i)) {
            ++i;
        }
        if (ms[i].kind == MentionKind::prefecture) {
            return std::nullopt;  // a prefecture is not narrower than the row's own prefectures
        }
        items.push_back(i);
        pos = skip_name_tail(text, ms[i].end);
        const std::size_t next = skip_separators(text, pos);
        if (next == pos && pos < text.size() && text.substr(pos) != "。") {
            return std::nullopt;
        }
        pos = next;
        if (text.substr(pos) == "。") {
            break;
        }
        ++i;
    }
    if (items.empty()) {
        return std::nullopt;
    }
    return items;
}

// ---- from names to places --------------------------------------------------

template <typename Keep>
void narrow(std::vector<const Place*>& candidates, Keep keep) {
    std::vector<const Place*> kept;
    std::copy_if(candidates.begin(), candidates.end(), std::back_inserter(kept), keep);
    if (!kept.empty()) {
        candidates = std::move(kept);
    }
}

class Resolver {
public:
    Resolver(const Gazetteer& gazetteer, const CodeSet& base, std::vector<std::string>& notes)
        : m_gazetteer(gazetteer), m_base(base), m_notes(notes) {}

    void add_context(const Field& field) {
        for (const Mention& m : field.mentions) {
            if (m.kind == MentionKind::prefecture) {
                m_prefectures_named.insert(m.prefecture);
            }
        }
    }

    // The places mention `i` stands for. Empty when it lies outside the base (a
    // name mentioned in passing) or cannot be placed (then a note says why).
    std::vector<const Place*> places_of(const Field& field, std::size_t i, const CodeSet& preferred_parents) {
        const Mention& m = field.mentions[i];
        std::vector<const Place*> candidates = m.candidates;
        std::string written = m.name;
        if (m.kind == MentionKind::place && i > 0 && field.mentions[i - 1].end == m.begin) {
            const Mention& before = field.mentions[i - 1];
            written = before.name + m.name;
            if (before.kind == MentionKind::prefecture) {
                std::erase_if(candidates, [&](const Place* p) { return p->pref_code != before.prefecture; });
            } else if (before.kind == MentionKind::county) {
                std::erase_if(candidates, [&](const Place* p) { return text::match_form(p->county) != before.name; });
            }
            if (candidates.empty()) {
                m_notes.push_back(quoted(written) + " is not a municipality in the boundaries");
                return {};
            }
        }
        if (m_base.count(std::string(nationwide)) == 0) {
            std::erase_if(candidates, [&](const Place* p) { return m_base.count(p->pref_code) == 0; });
            if (candidates.empty()) {
                return {};
            }
        }
        if (m.kind == MentionKind::county) {
            return candidates;  // a county covers all its towns and villages
        }
        narrow(candidates, [&](const Place* p) { return preferred_parents.count(p->parent_code) > 0; });
        narrow(candidates, [&](const Place* p) { return m_prefectures_named.count(p->pref_code) > 0; });
        if (candidates.size() == 1) {
            return candidates;
        }
        std::string codes;
        for (const Place* p : candidates) {
            codes += (codes.empty() ? "" : ", ") + p->code + " " + full_name(*p);
        }
        m_notes.push_back(quoted(written) + " is ambiguous (" + codes + "); kept the wider coverage");
        return {};
    }

private:
    // 27127 大阪府大阪市北区 rather than two indistinguishable 北区 in a note.
    std::string full_name(const Place& place) const {
        std::string city;
        if (place.level == AreaLevel::ward) {
            if (const Place* parent = m_gazetteer.find(place.parent_code)) {
                city = parent->name;
            }
        }
        return std::string(prefecture_name(place.pref_code)) + place.county + city + place.name;
    }

    const Gazetteer& m_gazetteer;
    const CodeSet& m_base;
    std::vector<std::string>& m_notes;
    std::set<std::string> m_prefectures_named;
};

// ---- coverage algebra ------------------------------------------------------

std::string parent_of(const std::string& code, const Gazetteer& gazetteer) {
    if (code == nationwide) {
        return "";
    }
    if (code.size() == 2) {
        return std::string(nationwide);
    }
    const Place* place = gazetteer.find(code);
    return place == nullptr ? "" : place->parent_code;
}

std::vector<std::string> children_of(const std::string& code, const Gazetteer& gazetteer) {
    std::vector<std::string> out;
    if (code == nationwide) {
        for (int n = 1; n <= prefecture_count; ++n) {
            out.push_back(two_digits(n));
        }
        return out;
    }
    for (const Place* child : gazetteer.children(code)) {
        out.push_back(child->code);
    }
    return out;
}

// Takes `code` out of the coverage, splitting the area that holds it into its
// parts first (JP into prefectures, a prefecture into municipalities and
// designated cities, a designated city into wards). False when the coverage
// does not hold it.
bool subtract(CodeSet& cover, const std::string& code, const Gazetteer& gazetteer) {
    std::vector<std::string> path{code};  // code, its parent, ..., up to the first area in `cover`
    while (!path.back().empty() && cover.count(path.back()) == 0) {
        path.push_back(parent_of(path.back(), gazetteer));
    }
    if (path.back().empty()) {
        return false;
    }
    for (std::size_t k = 1; k < path.size(); ++k) {
        if (children_of(path[k], gazetteer).empty()) {
            return false;
        }
    }
    for (std::size_t k = path.size() - 1; k > 0; --k) {
        cover.erase(path[k]);
        for (std::string& child : children_of(path[k], gazetteer)) {
            cover.insert(std::move(child));
        }
    }
    cover.erase(code);
    return true;
}

void apply_exclusions(const Field& field, Resolver& resolver, const CodeSet& included, CodeSet& cover,
                      std::vector<std::string>& notes, const Gazetteer& gazetteer) {
    for (const auto& [first, last] : field.exclusions) {
        CodeSet rest = cover;
        bool names_places = false;
        for (std::size_t i = first; i <= last; ++i) {
            if (field.mentions[i].kind != MentionKind::prefecture && !field.is_context(i)) {
                names_places = true;
                for (const Place* place : resolver.places_of(field, i, included)) {
                    subtract(rest, place->code, gazetteer);
                }
            }
        }
        // 全国（東京都を除く）: only when no municipality is named is a prefecture itself excluded.
        if (!names_places) {
            for (std::size_t i = first; i <= last; ++i) {
                subtract(rest, field.mentions[i].prefecture, gazetteer);
            }
        }
        // Excluding everything means the phrase was misread (東京都以外に本社がある場合は…
        // in a Tokyo programme): keep the coverage and say so.
        if (rest.empty()) {
            notes.push_back("ignored an exclusion that would leave no area: " +
                            quoted(std::string_view(field.text).substr(field.mentions[first].begin,
                                                                       field.mentions[last].end - field.mentions[first].begin)));
        } else {
            cover = std::move(rest);
        }
    }
}

std::vector<std::string> unique_notes(const std::vector<std::string>& notes) {
    std::vector<std::string> out;
    for (const std::string& note : notes) {
        if (std::find(out.begin(), out.end(), note) == out.end()) {
            out.push_back(note);
        }
    }
    return out;
}

}  // namespace

Coverage resolve_jgrants(const AreaText& text, const Gazetteer& gazetteer) {
    std::vector<std::string> notes;

    CodeSet base;
    const std::string search = text::match_form(text.target_area_search);
    for (std::string_view term : split_terms(search)) {
        if (term.empty()) {
            continue;
        }
        if (term == "全国") {
            base.insert(std::string(nationwide));
        } else if (auto code = prefecture_code(term, true)) {
            base.insert(*code);
        } else if (auto codes = block_prefectures(term); !codes.empty()) {
            base.insert(codes.begin(), codes.end());
        } else {
            notes.push_back("target_area_search names an unknown area " + quoted(term));
        }
    }
    const bool search_empty = base.empty() && notes.empty();
    if (base.empty()) {
        base.insert(std::string(nationwide));  // nothing is dropped: an unplaceable record stays national
    }
    base = normalized(std::move(base), gazetteer);

    std::vector<Field> fields;
    for (const std::string* raw : {&text.title, &text.target_area_detail, &text.institution_name}) {
        fields.push_back(read_field(*raw, gazetteer));
    }
    Resolver resolver(gazetteer, base, notes);
    for (const Field& field : fields) {
        resolver.add_context(field);
    }

    CodeSet included;
    for (const Field& field : fields) {
        for (std::size_t i = 0; i < field.mentions.size(); ++i) {
            if (field.mentions[i].kind == MentionKind::prefecture || field.is_context(i) || field.is_excluded(i)) {
                continue;
            }
            for (const Place* place : resolver.places_of(field, i, {})) {
                included.insert(place->code);
            }
        }
    }
    CodeSet cover = included.empty() ? base : normalized(included, gazetteer);
    for (const Field& field : fields) {
        apply_exclusions(field, resolver, included, cover, notes, gazetteer);
    }
    if (search_empty && included.empty()) {
        notes.push_back("target_area_search is empty and no municipality is named; kept nationwide");
    }
    cover = normalized(std::move(cover), gazetteer);
    return Coverage{std::vector<std::string>(cover.begin(), cover.end()), unique_notes(notes)};
}

Coverage resolve_mirasapo(const std::vector<std::string>& prefecture_ids, std::string_view area_note,
                          const Gazetteer& gazetteer) {
    std::vector<std::string> notes;

    CodeSet base;
    for (const std::string& id : prefecture_ids) {
        int n = 0;
        const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), n);
        if (error == std::errc() && end == id.data() + id.size() && n >= 1 && n <= prefecture_count) {
            base.insert(two_digits(n));
        } else {
            notes.push_back("unknown prefecture id " + quoted(id));
        }
    }
    if (base.empty()) {
        base.insert(std::string(nationwide));
    }
    base = normalized(std::move(base), gazetteer);

    const Field field = read_field(area_note, gazetteer);
    Resolver resolver(gazetteer, base, notes);
    resolver.add_context(field);

    CodeSet included;
    if (const auto items = list_items(field)) {
        for (std::size_t i : *items) {
            if (field.is_excluded(i)) {
                continue;
            }
            for (const Place* place : resolver.places_of(field, i, {})) {
                included.insert(place->code);
            }
        }
    }
    CodeSet cover = included.empty() ? base : normalized(included, gazetteer);
    apply_exclusions(field, resolver, included, cover, notes, gazetteer);
    cover = normalized(std::move(cover), gazetteer);
    return Coverage{std::vector<std::string>(cover.begin(), cover.end()), unique_notes(notes)};
}

}  // namespace policymap::programmes
