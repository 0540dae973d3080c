#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace policymap::programmes {

// One jGrants subsidy record, fields under their jGrants names (mapped to
// the programme vocabulary once, in the importer).
struct JgrantsRecord {
    std::string id;
    std::string title;
    std::optional<std::string> subsidy_catch_phrase;
    std::string target_area_search;
    std::optional<std::string> target_area_detail;
    std::optional<std::string> target_number_of_employees;
    std::optional<std::int64_t> subsidy_max_limit;  // 0 in the source means "not stated": kept as nullopt
    std::optional<std::string> subsidy_rate;
    std::optional<std::string> acceptance_start_datetime;  // ISO 8601, UTC
    std::optional<std::string> acceptance_end_datetime;
    std::vector<std::string> use_purpose;
    std::vector<std::string> industry;
    std::optional<std::string> front_subsidy_detail_page_url;
    std::optional<std::string> institution_name;
    std::optional<std::string> summary;
    std::string raw_json;  // the record as given, for the audit of later changes
};

struct JgrantsSnapshot {
    std::string path;
    std::string captured;  // _meta.captured_jst, "" when absent
    std::vector<JgrantsRecord> records;
};

// Parses a snapshot file ({"_meta":..., "subsidies":[...]}), a bare array of
// records, or a single record. Throws core::Error(invalid_input,
// "invalid-snapshot") naming the file, record index and field for malformed
// input; nothing is skipped silently.
JgrantsSnapshot parse_jgrants(const std::string& text, const std::string& path);

// Splits jGrants' " / "-separated lists ("A / B", "A/B"), trimming blanks.
std::vector<std::string> split_jgrants_list(const std::string& text);

}  // namespace policymap::programmes
