#pragma once

#include "programmes/programme_edit.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace policymap::programmes {

// A programme as the editing service sees it.
struct StoredProgramme {
    std::int64_t id = 0;
    std::string source;
    std::string source_id;
    std::optional<std::int64_t> owner_agency_id;
    int version = 0;
    std::string status;
    nlohmann::json fields;  // to_json() shape, read back from the database
};

// One change to apply. `expected_version` makes the write conditional: if
// the row moved on meanwhile, nothing is written and the store throws
// core::Error(precondition_failed).
struct Change {
    enum class Kind { create, update, withdraw } kind = Kind::create;
    std::int64_t id = 0;             // update, withdraw
    int expected_version = 0;        // update, withdraw
    ProgrammeFields fields;          // create, update
    nlohmann::json before;           // update, withdraw: fields before
    std::vector<std::string> old_areas;
};

struct Applied {
    std::int64_t id = 0;
    int version = 0;
    nlohmann::json programme;  // the programme after the change, as the API shows it
};

class EditStore {
public:
    virtual ~EditStore() = default;
    virtual std::optional<StoredProgramme> find(std::int64_t id) = 0;
    // The agency's programme with its own reference, if any.
    virtual std::optional<StoredProgramme> find_by_ref(std::int64_t agency_id, const std::string& ref) = 0;
    // Applies every change in one transaction with its audit entries, refreshes
    // the area statistics of every affected area and notifies other server
    // processes (NOTIFY policymap_changes) on commit. All or nothing.
    // Throws core::Error(precondition_failed) when a conditional write is stale,
    // core::Error(conflict) when a reference is taken.
    virtual std::vector<Applied> apply(const std::vector<Change>& changes, const Editor& editor) = 0;
    // The programme as the API shows it (fields plus id, version, ...).
    virtual nlohmann::json view(std::int64_t id) = 0;
    // Every audit entry of the programme, oldest first.
    virtual nlohmann::json history(std::int64_t id) = 0;
};

}  // namespace policymap::programmes
