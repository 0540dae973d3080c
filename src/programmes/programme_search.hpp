#pragma once

#include "programmes/freshness.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace policymap::programmes {

enum class ProgrammeSort { deadline, newest, amount };

// "deadline" | "newest" | "amount"; nullopt for anything else.
std::optional<ProgrammeSort> parse_sort(const std::string& text);
std::string sort_name(ProgrammeSort sort);

// Where the previous page ended: the sort key and id of its last row.
struct ProgrammeCursor {
    ProgrammeSort sort = ProgrammeSort::deadline;
    std::string key;  // a PostgreSQL numeric as text (may be "Infinity")
    std::int64_t id = 0;
};

// The opaque text form of a cursor (base64url of a small JSON object).
std::string encode_cursor(const ProgrammeCursor& cursor);
// Throws core::Error(invalid_input, "invalid-cursor") naming the field
// `cursor` for anything that encode_cursor did not make, or a cursor made for
// another sort than `sort`.
ProgrammeCursor decode_cursor(const std::string& text, ProgrammeSort sort);

// A search as the HTTP layer parsed it (syntax checked); the service checks
// the meaning (vocabularies, limits).
struct ProgrammeQuery {
    std::optional<std::string> area;      // JP, 2 or 5 digits
    std::vector<std::string> purposes;    // any of them
    std::vector<std::string> industries;  // any of them
    std::optional<std::int64_t> employees;
    bool open = false;
    std::optional<std::string> at;  // ISO 8601 with offset; nullopt = now
    std::optional<std::int64_t> closing_within;  // days
    std::optional<std::string> keywords;         // q, as typed
    std::optional<std::string> source;
    ProgrammeSort sort = ProgrammeSort::deadline;
    std::int64_t limit = 20;
    std::optional<ProgrammeCursor> cursor;
};

struct Programme {
    std::int64_t id = 0;
    std::string source;
    std::string source_id;
    std::string title;
    std::optional<std::string> catch_phrase;
    std::optional<std::string> institution_name;
    std::vector<std::string> purposes;
    std::vector<std::string> industries;
    std::optional<std::string> employees;
    std::optional<std::int64_t> max_amount;
    std::optional<std::string> rate;
    std::optional<std::string> acceptance_start;  // ISO 8601 UTC
    std::optional<std::string> acceptance_end;
    std::optional<std::string> url;
    std::string status;
    std::optional<std::string> scope;  // when searched by area: municipality, prefecture, national
    std::vector<std::string> areas;    // coverage codes
    // Detail only.
    std::optional<std::string> summary;
    std::int64_t version = 0;
    std::string updated_at;
    std::string source_categories = "{}";  // JSON object: the source's own categories by field
};

struct ProgrammePage {
    std::int64_t total = 0;
    std::vector<Programme> items;
    std::optional<ProgrammeCursor> next;
    // The data version the page was read at (nullopt: unknown) and until
    // when it holds; a cache keeps it no longer (programmes::Freshness).
    std::optional<std::int64_t> data_version;
    Freshness::Clock::time_point valid_until = Freshness::Clock::time_point::min();
};

// What the store runs: the query with keyword terms split and normalised.
struct ProgrammeSearchSpec {
    ProgrammeQuery query;
    std::vector<std::string> terms;
};

struct ProgrammeSearchResult {
    bool area_known = true;
    ProgrammePage page;
};

class ProgrammeSearchStore {
public:
    virtual ~ProgrammeSearchStore() = default;
    // One page (query.limit items at most, `next` set when more follow).
    virtual ProgrammeSearchResult search(const ProgrammeSearchSpec& spec) = 0;
    // A programme that is not a draft; nullopt when there is none.
    virtual std::optional<Programme> find(std::int64_t id) = 0;
};

class ProgrammeSearch {
public:
    static constexpr std::int64_t default_limit = 20;
    static constexpr std::int64_t max_limit = 100;
    static constexpr std::int64_t max_employees = 100'000'000;
    static constexpr std::int64_t max_closing_within = 366;
    static constexpr std::size_t max_terms = 8;
    static constexpr std::size_t max_keyword_chars = 100;

    // Without `freshness`, pages say nothing of their data version and are
    // not cached.
    explicit ProgrammeSearch(ProgrammeSearchStore& store, Freshness* freshness = nullptr)
        : m_store(store), m_freshness(freshness) {}

    // The current data version, for a cache in front of search(); nullopt
    // when unknown (then nothing is served from a cache).
    [[nodiscard]] std::optional<std::int64_t> data_version() const;

    // Checks every field and reports all bad ones at once:
    // core::Error(invalid_input, "invalid-parameter") with one FieldProblem per
    // field naming the value and the allowed ones (unknown purpose, industry,
    // source; limit outside 1..max_limit; employees, closing_within out of
    // range; a query too long); core::Error(invalid_input, "unknown-area") for
    // a well-formed code that names no area. Throws what the store throws.
    ProgrammePage search(ProgrammeQuery query);

    // Every programme the query matches (its limit and cursor ignored), in
    // its sort order, in batches of max_limit: one query per batch, all at
    // the same moment, so memory stays bounded by a batch.
    class Batches {
    public:
        // Holds `search` by reference: it must outlive the batches.
        Batches(ProgrammeSearch& search, ProgrammeQuery query);
        // The next batch (never empty), nullopt after the last. Throws what
        // search throws.
        std::optional<std::vector<Programme>> next();

    private:
        ProgrammeSearch& m_search;
        ProgrammeQuery m_query;
        bool m_done = false;
    };
    Batches batches(ProgrammeQuery query) { return Batches(*this, std::move(query)); }

    // Throws core::Error(not_found, "programme-not-found").
    Programme get(std::int64_t id);

private:
    ProgrammeSearchStore& m_store;
    Freshness* m_freshness;
};

}  // namespace policymap::programmes
