#pragma once

#include "http/message.hpp"

#include <optional>
#include <string>
#include <vector>

namespace policymap::programmes {
class ProgrammeSearch;
class FeatureStore;
struct ProgrammeQuery;
}  // namespace policymap::programmes

namespace policymap::http {

// Download formats of /v1/programmes and /v1/areas: "csv" (UTF-8 with a BOM,
// CRLF, RFC 4180), "geojson", "gpkg" (GeoPackage written with GDAL).
// nullopt for "json" (the ordinary answer); throws core::Error(invalid_input,
// "invalid-parameter") naming `format` for anything else.
std::optional<std::string> parse_export_format(const std::string& text);

// Every programme matching `query`, fetched batch by batch while the body is
// sent (ProgrammeSearch::Batches; Response::stream, trailer X-Row-Count).
// Throws what the search throws, core::Error(unavailable) when geometry is
// asked for and `features` is null.
Response export_programmes(const programmes::ProgrammeQuery& query, const std::string& format,
                           programmes::ProgrammeSearch& search, programmes::FeatureStore* features);

// Every area, or those with `codes`, in code order, fetched batch by batch
// while the body is sent. The first batch is fetched before returning, so
// that failures then are ordinary problem answers.
Response export_areas(const std::optional<std::vector<std::string>>& codes, const std::string& format,
                      programmes::FeatureStore* features);

}  // namespace policymap::http
