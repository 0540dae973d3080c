#include "programmes/area_directory.hpp"

#include "core/error.hpp"
#include "text/normalize.hpp"
#include "text/search_terms.hpp"

#include <algorithm>
#include <chrono>
#include <cctype>

namespace policymap::programmes {

namespace {
constexpr std::size_t max_query_chars = 40;
}

std::vector<AreaSummary> AreaDirectory::search(const std::string& q, int limit) {
    std::vector<core::FieldProblem> problems;
    const std::string name = text::match_form(q);
    if (name.empty()) {
        problems.push_back({"q", q.substr(0, 200), "required: the beginning of an area name or its kana reading"});
    } else if (text::char_count(name) > max_query_chars) {
        problems.push_back({"q", q.substr(0, 200), "at most " + std::to_string(max_query_chars) + " characters"});
    }
    if (limit < 1 || limit > max_limit) {
        problems.push_back({"limit", std::to_string(limit), "must be between 1 and " + std::to_string(max_limit)});
    }
    if (!problems.empty()) {
        std::string detail;
        for (const auto& p : problems) detail += (detail.empty() ? "" : "; ") + p.field + ": " + p.message;
        core::throw_invalid("invalid-parameter", detail, std::move(problems));
    }
    const std::string reading = text::reading_form(q);
    const auto version = m_store.data_version();
    const std::string key = name + '\n' + reading + '\n' + std::to_string(limit);
    if (version) {
        if (auto hit = m_search_cache.get(key, *version)) return std::move(*hit);
    }
    auto found = m_store.search(name, reading, limit);
    if (version) m_search_cache.put(key, *version, found);
    return found;
}

AreaDetail AreaDirectory::get(const std::string& code) {
    const bool digits = !code.empty() && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || (code.size() != 2 && code.size() != 5)) {
        core::throw_invalid("invalid-parameter",
                            "an area code is a 2-digit prefecture code or a 5-digit municipality, ward or "
                            "designated-city code",
                            {{"code", code.substr(0, 200), "not 2 or 5 digits"}});
    }
    const auto version = m_store.data_version();
    std::optional<std::optional<AreaDetail>> hit;
    // Counts depend on publication windows evaluated now: a key per minute.
    const std::string key = code + '@' + std::to_string(std::chrono::duration_cast<std::chrono::minutes>(
                                                std::chrono::system_clock::now().time_since_epoch()).count());
    if (version) hit = m_detail_cache.get(key, *version);
    auto detail = hit ? std::move(*hit) : m_store.find(code);
    if (version && !hit) m_detail_cache.put(key, *version, detail);
    if (!detail) core::throw_not_found("area-not-found", "no area has the code " + code);
    return std::move(*detail);
}

}  // namespace policymap::programmes
