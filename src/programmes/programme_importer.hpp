#pragma once

#include "core/redacted.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace policymap::db {
class Pool;
}

namespace policymap::programmes {

struct UnresolvedNote {
    std::string source_id;
    std::string title;
    std::string note;
};

struct SnapshotReport {
    std::string path;
    std::string source;
    std::string captured;
    std::size_t records = 0;
    std::size_t added = 0;
    std::size_t changed = 0;
    std::size_t unchanged = 0;
    std::size_t closed = 0;
    std::size_t agencies_added = 0;      // competent authorities seen for the first time (Mirasapo)
    std::vector<std::string> conflicts;  // source ids an agency has taken over: not overwritten
    std::vector<UnresolvedNote> unresolved;
    std::string skipped;  // why the snapshot was not imported (older than one already imported); "" when it was
};

// Imports programme snapshots in the order they were captured, each in its
// own transaction, syncing that snapshot's source: new records added, changed
// ones updated (version bumped), published ones missing from the snapshot
// closed (never deleted); rows an agency has edited are left alone and
// reported as conflicts. Re-importing a snapshot changes nothing; a snapshot
// captured before the newest one already imported for its source is skipped
// (report.skipped says why), and a file of bare records without a capture time
// only adds and updates. An empty snapshot is refused (invalid_input,
// "empty-snapshot"): it would close every programme of its source. A file is
// recognised by its content: jGrants JSON ({"subsidies": [...]}, an array or
// one record; source "jgrants") or a Mirasapo plus support-system CSV (source
// "mirasapo": each competent authority becomes an agency owning its rows).
// Every file is parsed before anything is written: a malformed or
// unrecognised file throws core::Error(invalid_input, "invalid-snapshot")
// naming the file, record and field, and nothing is imported. Needs the
// boundaries imported (core::Error(invalid_input, "no-boundaries") otherwise).
std::vector<SnapshotReport> import_programmes(const core::Secret& url, const std::vector<std::string>& paths);

// What the imports (run as commands, in other processes) have left in the
// database, per source: for /metrics.
struct ImportStatus {
    std::string source;
    std::int64_t snapshots = 0;    // snapshots imported so far
    double last_imported = 0;      // Unix seconds of the last import
    std::int64_t published = 0;    // its programmes now published
    std::int64_t closed = 0;       // and closed
};
std::vector<ImportStatus> import_status(db::Pool& pool);

}  // namespace policymap::programmes
