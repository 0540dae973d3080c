#include "programmes/programme_search.hpp"

#include "core/error.hpp"
#include "programmes/vocabulary.hpp"
#include "text/normalize.hpp"
#include "text/search_terms.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <ctime>
#include <regex>

namespace policymap::programmes {

namespace {

constexpr std::string_view b64_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url_encode(std::string_view in) {
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += b64_alphabet[(v >> s) & 63];
    }
    if (i + 1 == in.size()) {
        const unsigned v = static_cast<unsigned char>(in[i]) << 16;
        out += b64_alphabet[(v >> 18) & 63];
        out += b64_alphabet[(v >> 12) & 63];
    } else if (i + 2 == in.size()) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += b64_alphabet[(v >> 18) & 63];
        out += b64_alphabet[(v >> 12) & 63];
        out += b64_alphabet[(v >> 6) & 63];
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view in) {
    if (in.size() % 4 == 1) return std::nullopt;
    std::string out;
    unsigned acc = 0;
    int bits = 0;
    for (char c : in) {
        const auto pos = b64_alphabet.find(c);
        if (pos == std::string_view::npos) return std::nullopt;
        acc = (acc << 6) | static_cast<unsigned>(pos);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return out;
}

[[noreturn]] void bad_cursor(const std::string& text, const std::string& why) {
    core::throw_invalid("invalid-cursor", "the cursor is not one this server gave out: " + why,
                        {{"cursor", text.substr(0, 200), why + "; use the `next` link of the previous page"}});
}

std::string iso_utc(Freshness::Clock::time_point t) {
    const std::time_t tt = Freshness::Clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

std::optional<ProgrammeSort> parse_sort(const std::string& text) {
    if (text == "deadline") return ProgrammeSort::deadline;
    if (text == "newest") return ProgrammeSort::newest;
    if (text == "amount") return ProgrammeSort::amount;
    return std::nullopt;
}

std::string sort_name(ProgrammeSort sort) {
    switch (sort) {
        case ProgrammeSort::deadline: return "deadline";
        case ProgrammeSort::newest: return "newest";
        case ProgrammeSort::amount: return "amount";
    }
    return "deadline";
}

std::string encode_cursor(const ProgrammeCursor& cursor) {
    nlohmann::json j{{"s", sort_name(cursor.sort)}, {"k", cursor.key}, {"i", cursor.id}};
    return base64url_encode(j.dump());
}

ProgrammeCursor decode_cursor(const std::string& text, ProgrammeSort sort) {
    if (text.empty() || text.size() > 200) bad_cursor(text, "empty or too long");
    auto raw = base64url_decode(text);
    if (!raw) bad_cursor(text, "not base64url");
    nlohmann::json j = nlohmann::json::parse(*raw, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("s") || !j.contains("k") || !j.contains("i") ||
        !j["s"].is_string() || !j["k"].is_string() || !j["i"].is_number_integer()) {
        bad_cursor(text, "malformed");
    }
    auto cursor_sort = parse_sort(j["s"].get<std::string>());
    if (!cursor_sort) bad_cursor(text, "malformed");
    if (*cursor_sort != sort) {
        bad_cursor(text, "made for sort=" + sort_name(*cursor_sort) + ", not sort=" + sort_name(sort));
    }
    static const std::regex numeric(R"(^(-?[0-9]{1,20}(\.[0-9]{1,12})?|Infinity|-Infinity)$)");
    ProgrammeCursor c;
    c.sort = sort;
    c.key = j["k"].get<std::string>();
    c.id = j["i"].get<std::int64_t>();
    if (!std::regex_match(c.key, numeric) || c.id <= 0) bad_cursor(text, "malformed");
    return c;
}

ProgrammePage ProgrammeSearch::search(ProgrammeQuery query) {
    std::vector<core::FieldProblem> problems;
    auto check_vocabulary = [&](const char* field, std::vector<std::string>& values,
                                const std::vector<std::string>& vocabulary) {
        for (auto& v : values) {
            auto known = match_vocabulary(vocabulary, v);
            if (known.empty()) {
                problems.push_back({field, v.substr(0, 200), "unknown; allowed: " + join_values(vocabulary)});
            } else {
                v = known;
            }
        }
    };
    check_vocabulary("purpose", query.purposes, purposes());
    check_vocabulary("industry", query.industries, industries());
    if (query.source && match_vocabulary(sources(), *query.source).empty()) {
        problems.push_back({"source", query.source->substr(0, 200), "unknown; allowed: " + join_values(sources())});
    }
    if (query.limit < 1 || query.limit > max_limit) {
        problems.push_back({"limit", std::to_string(query.limit),
                            "must be between 1 and " + std::to_string(max_limit) + " (the maximum page size)"});
    }
    if (query.employees && (*query.employees < 0 || *query.employees > max_employees)) {
        problems.push_back({"employees", std::to_string(*query.employees),
                            "must be a headcount between 0 and " + std::to_string(max_employees)});
    }
    if (query.closing_within && (*query.closing_within < 0 || *query.closing_within > max_closing_within)) {
        problems.push_back({"closing_within", std::to_string(*query.closing_within),
                            "must be a number of days between 0 and " + std::to_string(max_closing_within)});
    }
    ProgrammeSearchSpec spec;
    if (query.keywords) {
        if (text::char_count(*query.keywords) > max_keyword_chars) {
            problems.push_back({"q", query.keywords->substr(0, 200),
                                "at most " + std::to_string(max_keyword_chars) + " characters"});
        } else {
            spec.terms = text::keyword_terms(*query.keywords);
            if (spec.terms.size() > max_terms) {
                problems.push_back({"q", *query.keywords, "at most " + std::to_string(max_terms) + " words"});
            }
        }
        // A query of nothing but spaces asks for nothing: no keyword filter.
        if (spec.terms.empty()) query.keywords.reset();
    }
    if (!problems.empty()) {
        std::string detail;
        for (const auto& p : problems) detail += (detail.empty() ? "" : "; ") + p.field + ": " + p.message;
        core::throw_invalid("invalid-parameter", detail, std::move(problems));
    }
    spec.query = std::move(query);
    // Publication and acceptance windows are evaluated at `at`, or now (to
    // the second); an answer about now holds until the next window change.
    const bool about_now = !spec.query.at;
    const auto now = std::chrono::floor<std::chrono::seconds>(Freshness::Clock::now());
    if (about_now) spec.query.at = iso_utc(now);
    ProgrammeSearchResult result = m_store.search(spec);
    if (!result.area_known) {
        core::throw_invalid("unknown-area",
                            "no area has the code " + *spec.query.area +
                                "; allowed: JP, a prefecture code (01..47) or an imported municipality, ward or "
                                "designated-city code (find them with GET /v1/areas?q=)",
                            {{"area", *spec.query.area, "no such area"}});
    }
    auto& page = result.page;
    if (!m_freshness || !page.data_version) {
        page.data_version.reset();
    } else if (!about_now) {
        page.valid_until = Freshness::Clock::time_point::max();
    } else {
        page.valid_until = m_freshness->valid_until(*page.data_version, now);
        // "Closing within N days" of a moving now changes with the clock itself.
        if (spec.query.closing_within) page.valid_until = std::min<Freshness::Clock::time_point>(page.valid_until, now + std::chrono::minutes(1));
    }
    return std::move(result.page);
}

std::optional<std::int64_t> ProgrammeSearch::data_version() const {
    if (!m_freshness) return std::nullopt;
    return m_freshness->version();
}

ProgrammeSearch::Batches::Batches(ProgrammeSearch& search, ProgrammeQuery query)
    : m_search(search), m_query(std::move(query)) {
    m_query.limit = max_limit;
    m_query.cursor.reset();
    if (!m_query.at) m_query.at = iso_utc(std::chrono::floor<std::chrono::seconds>(Freshness::Clock::now()));
}

std::optional<std::vector<Programme>> ProgrammeSearch::Batches::next() {
    while (!m_done) {
        auto page = m_search.search(m_query);
        if (page.next) m_query.cursor = page.next;
        else m_done = true;
        if (!page.items.empty()) return std::move(page.items);
    }
    return std::nullopt;
}

Programme ProgrammeSearch::get(std::int64_t id) {
    auto p = m_store.find(id);
    if (!p) core::throw_not_found("programme-not-found", "no programme has the id " + std::to_string(id));
    return std::move(*p);
}

}  // namespace policymap::programmes
