#pragma once

#include "programmes/edit_store.hpp"
#include "programmes/gazetteer.hpp"

#include <functional>
#include <memory>
#include <mutex>

namespace policymap::programmes {

struct EditResult {
    std::int64_t id = 0;
    int version = 0;
    nlohmann::json programme;
};

// One problem of one upload row.
struct ImportIssue {
    std::size_t row = 0;  // 1-based: the spreadsheet row (the header is row 1), or the array index + 1 for JSON
    std::string column;
    std::string value;
    std::string message;
    bool outside = false;  // outside the agency's jurisdiction
};

struct ImportRow {
    std::size_t row = 0;
    nlohmann::json doc;             // a programme document (strings from a CSV)
    std::string unreadable;         // set when the row could not be read at all
};

struct ImportOutcome {
    std::size_t row = 0;
    std::string action;  // create | update
    std::optional<std::string> ref;
    std::int64_t id = 0;
    int version = 0;
};

struct ImportReport {
    bool dry_run = false;
    bool applied = false;
    std::size_t rows = 0;
    std::vector<ImportIssue> issues;
    std::vector<ImportOutcome> outcomes;
};

struct EditLimits {
    std::size_t max_rows = 5000;  // per upload
};

// Decides and applies agency edits: who may change what (an agency edits
// only programmes it owns, an admin any agency programme; programmes
// imported from jGrants are read-only to every agency), conditional writes
// (If-Match versions), validation, bulk uploads.
class ProgrammeEditor {
public:
    ProgrammeEditor(EditStore& store, std::function<Gazetteer()> load_gazetteer, EditLimits limits = {});

    // Throws core::Error: invalid_input "invalid-programme" (every field named),
    // forbidden "outside-jurisdiction" (areas named), conflict (ref taken).
    EditResult create(const Editor& editor, const nlohmann::json& body);

    // Full replacement. `if_match` is the version the client last saw (nullopt
    // = no If-Match: precondition_required; "*" is passed as 0 = any).
    // Throws not_found, forbidden ("not-owner", "read-only-source"),
    // precondition_required, precondition_failed, invalid_input.
    EditResult replace(const Editor& editor, std::int64_t id, std::optional<int> if_match, const nlohmann::json& body);

    // JSON merge patch (RFC 7396) onto the current fields, then as replace.
    EditResult patch(const Editor& editor, std::int64_t id, std::optional<int> if_match, const nlohmann::json& patch);

    // Withdraws: status closed, kept with its history. If-Match optional.
    EditResult withdraw(const Editor& editor, std::int64_t id, std::optional<int> if_match);

    // The history of a programme; a draft's only to its owner (or an admin),
    // not_found to anyone else.
    nlohmann::json history(const Editor* editor, std::int64_t id);

    // Validates every row, then applies all (one transaction) unless dry_run
    // or any row has a problem. A row whose ref names a programme of this
    // agency updates it; others create. Throws invalid_input "too-many-rows".
    ImportReport import(const Editor& editor, const std::vector<ImportRow>& rows, bool dry_run);

    const EditLimits& limits() const { return m_limits; }

    // Called after every committed change (a process's caches learn of its
    // own writes at once; other processes within their poll interval).
    void on_change(std::function<void()> listener) { m_on_change = std::move(listener); }

private:
    std::vector<Applied> apply(const std::vector<Change>& changes, const Editor& editor);
    std::shared_ptr<const Gazetteer> gazetteer();
    StoredProgramme editable(const Editor& editor, std::int64_t id);
    EditResult update_with(const Editor& editor, const StoredProgramme& current, std::optional<int> if_match,
                           const nlohmann::json& doc);

    EditStore& m_store;
    std::function<Gazetteer()> m_load;
    EditLimits m_limits;
    std::mutex m_mutex;
    std::shared_ptr<const Gazetteer> m_gazetteer;
    std::function<void()> m_on_change;
};

}  // namespace policymap::programmes
