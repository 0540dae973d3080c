// Agency edits of programmes: the editor (who acts), the validated fields of
// a programme, and validation that names every problem at once. Whether the
// editor may place a programme on an area is decided here from the area
// codes it may act on (its jurisdiction, worked out by auth/).
#pragma once

#include "core/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace policymap::programmes {

class Gazetteer;

// The agency acting through a token.
struct Editor {
    std::int64_t agency_id = 0;
    std::string agency_name;
    std::int64_t token_id = 0;
    bool admin = false;
    std::vector<std::string> granted;  // as granted, for messages
    std::set<std::string> reach;       // every code it may place programmes on
    std::string request_id;

    [[nodiscard]] bool may_act_on(const std::string& code) const { return admin || reach.count(code) > 0; }
};

// A programme as an agency maintains it, validated and normalised (NFKC).
struct ProgrammeFields {
    std::optional<std::string> ref;  // the agency's own reference, unique per agency
    std::string title;
    std::optional<std::string> catch_phrase;
    std::optional<std::string> summary;
    std::optional<std::string> institution_name;
    std::vector<std::string> areas;  // coverage codes: "JP", "13", "13101"
    std::vector<std::string> purposes;
    std::vector<std::string> industries;
    std::optional<std::string> employees;
    std::optional<std::int64_t> max_amount;
    std::optional<std::string> rate;
    std::optional<std::string> acceptance_start;  // ISO 8601 with offset
    std::optional<std::string> acceptance_end;
    std::optional<std::string> url;
    std::string status = "draft";  // draft | published
};

// The fields as JSON (null for absent values), as stored in the audit log.
nlohmann::json to_json(const ProgrammeFields& f);

struct Validation {
    ProgrammeFields fields;
    std::vector<core::FieldProblem> problems;  // malformed input: 400
    std::vector<core::FieldProblem> outside;   // areas outside the editor's jurisdiction: 403
};

// The names a programme document may carry; read-only names (id, version,
// source, ...) are accepted and ignored so that a GET result can be PUT back.
const std::vector<std::string>& editable_fields();

// Validates a programme document (JSON object; values may be typed or, as
// from a CSV cell, strings — "" meaning absent) against the vocabularies, the
// gazetteer and the editor's jurisdiction. Never throws for bad input: every
// problem is in the result, field by field.
Validation validate_programme(const nlohmann::json& doc, const Gazetteer& gazetteer, const Editor& editor);

// The names of the fields whose values differ between two to_json() results.
std::vector<std::string> changed_fields(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace policymap::programmes
