#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace policymap::programmes {

// What an answer about programmes depends on besides its question: the data
// (a version bumped by every committed change, 0003_search.sql) and the clock
// (publication and acceptance windows open and close). A cache keeps an
// answer under the version it was computed at, until its window changes.
class Freshness {
public:
    using Clock = std::chrono::system_clock;
    virtual ~Freshness() = default;

    // The data version as last read: at most one poll interval old, exact
    // after refresh(). nullopt while the database cannot be read: then no
    // cached answer is served.
    [[nodiscard]] virtual std::optional<std::int64_t> version() const = 0;

    // The boundary version (0010_boundary_version.sql) as last read; nullopt
    // while unknown.
    [[nodiscard]] virtual std::optional<std::int64_t> boundary_version() const { return std::nullopt; }

    // Reads the version now: a process calls it after its own writes, so that
    // it reads them back at once.
    virtual void refresh() = 0;

    // Until when an answer computed at moment `at` from data of `version`
    // holds: the first moment after `at` at which a programme's publication
    // or acceptance window opens or closes. `at` itself when that cannot be
    // told (the answer is then not kept).
    virtual Clock::time_point valid_until(std::int64_t version, Clock::time_point at) = 0;
};

}  // namespace policymap::programmes
