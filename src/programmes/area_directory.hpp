#pragma once

#include "programmes/lookup_service.hpp"
#include "programmes/result_cache.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace policymap::programmes {

struct AreaSummary {
    std::string code;
    std::string name;
    std::string level;                  // prefecture, designated_city, municipality, ward
    std::optional<AreaRef> prefecture;  // null for a prefecture
    std::optional<std::string> reading; // hiragana, from the imported code list
    std::array<double, 2> center{};     // lon, lat: a point inside the area
    std::array<double, 4> bbox{};       // west, south, east, north
};

struct AreaDetail {
    AreaSummary area;
    std::vector<AreaRef> parents;  // broadest first
    std::vector<AreaRef> children;
    std::int64_t programmes = 0;   // published programmes that apply there, national ones included
    std::int64_t local = 0;        // the same without the national ones
    std::vector<std::pair<std::string, std::int64_t>> by_purpose;
};

class AreaStore {
public:
    virtual ~AreaStore() = default;
    // Areas whose name (match form) starts with `name_prefix`, or whose
    // reading starts with `reading_prefix` when that is not empty.
    virtual std::vector<AreaSummary> search(const std::string& name_prefix, const std::string& reading_prefix,
                                            int limit) = 0;
    virtual std::optional<AreaDetail> find(const std::string& code) = 0;
    // As ProgrammeSearchStore::data_version.
    virtual std::optional<std::int64_t> data_version() { return std::nullopt; }
};

class AreaDirectory {
public:
    static constexpr int default_limit = 10;
    static constexpr int max_limit = 50;

    explicit AreaDirectory(AreaStore& store) : m_store(store) {}

    // Name search for a search box: prefix of the name (NFKC, full- or
    // half-width), of a ward's "city + ward" name, or of the kana reading
    // (hiragana or katakana in either width). Throws core::Error(invalid_input,
    // "invalid-parameter") for an empty or over-long q or a limit outside
    // 1..max_limit, and what the store throws.
    std::vector<AreaSummary> search(const std::string& q, int limit);

    // Throws core::Error(invalid_input, "invalid-parameter") when `code` is not
    // 2 or 5 digits, core::Error(not_found, "area-not-found") when no area has it.
    AreaDetail get(const std::string& code);

private:
    AreaStore& m_store;
    ResultCache<std::vector<AreaSummary>> m_search_cache;
    ResultCache<std::optional<AreaDetail>> m_detail_cache;
};

}  // namespace policymap::programmes
