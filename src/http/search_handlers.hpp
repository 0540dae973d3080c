#pragma once

#include "http/message.hpp"

#include <cstdint>
#include <string>

namespace policymap::programmes {
class ProgrammeSearch;
class AreaDirectory;
class FeatureStore;
}  // namespace policymap::programmes

namespace policymap::http {

class ResponseCache;

// GET /v1/programmes: filters, sort, limit and cursor; `next` link. `cache`
// may be null. With format=csv|geojson|gpkg, every match as a download
// (geometry from `features`; geojson and gpkg answer 503 without it).
Response handle_programmes(const Request& request, programmes::ProgrammeSearch& search, ResponseCache* cache,
                           programmes::FeatureStore* features = nullptr);
// GET /v1/programmes/{id}
Response handle_programme(const Request& request, programmes::ProgrammeSearch& search, const std::string& id);
// GET /v1/areas?q=&limit=; with format=csv|geojson|gpkg every area (or
// those matching q) as a download.
Response handle_areas(const Request& request, programmes::AreaDirectory& areas,
                      programmes::FeatureStore* features = nullptr);
// GET /v1/areas/{code}
Response handle_area(const Request& request, programmes::AreaDirectory& areas, const std::string& code);

// Parses a moment for `at=`: an ISO 8601 date-time with Z or an offset
// (2026-08-20T09:00:00+09:00), or a date, which means its midnight in Japan.
// A space in place of the offset's '+' (an unencoded + in a query) is
// accepted. Returns the canonical text PostgreSQL reads; throws
// core::Error(invalid_input) naming the field for anything else, impossible
// dates included.
std::string parse_moment(const std::string& field, const std::string& text);

// Seconds since the epoch of a moment as parse_moment writes it
// ("2026-08-20T09:00:00[.ffffff](Z|+09:00)"), for comparing two of them;
// fractions are dropped.
std::int64_t utc_seconds(const std::string& moment);

}  // namespace policymap::http
