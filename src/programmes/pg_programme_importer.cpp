#include "programmes/programme_importer.hpp"

#include "core/error.hpp"
#include "core/resources.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"
#include "programmes/area_resolver.hpp"
#include "programmes/gazetteer_store.hpp"
#include "programmes/jgrants_snapshot.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace policymap::programmes {

namespace {

const std::string source_jgrants = "jgrants";

std::string sql(std::string_view path) { return std::string(core::resource(path)); }

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) core::throw_invalid("unreadable-file", "cannot read " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string json_array(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

std::string join_notes(const std::vector<std::string>& notes) {
    std::string out;
    for (const auto& n : notes) out += (out.empty() ? "" : "; ") + n;
    return out;
}

void prepare_all(pqxx::connection_base& conn) {
    for (const char* name : {"programme_upsert", "programme_find", "coverage_prune", "coverage_add",
                             "programmes_close_missing"}) {
        conn.prepare(name, sql(std::string("src/programmes/sql/") + name + ".sql"));
    }
}

SnapshotReport import_snapshot(pqxx::connection_base& conn, const JgrantsSnapshot& snap, const Gazetteer& gazetteer) {
    SnapshotReport report;
    report.path = snap.path;
    report.source = source_jgrants;
    report.captured = snap.captured;
    report.records = snap.records.size();
    pqxx::work tx(conn);
    std::vector<std::string> seen;
    for (const auto& r : snap.records) {
        seen.push_back(r.id);
        Coverage cov = resolve_jgrants(
            AreaText{r.title, r.target_area_search, r.target_area_detail.value_or(""), r.institution_name.value_or("")},
            gazetteer);
        std::string unresolved = join_notes(cov.notes);
        if (!cov.notes.empty()) report.unresolved.push_back({r.id, r.title, unresolved});
        auto written = tx.exec_prepared(
            "programme_upsert", source_jgrants, r.id, r.title, r.subsidy_catch_phrase, r.summary, r.institution_name,
            r.target_area_search, r.target_area_detail, r.target_number_of_employees, r.subsidy_max_limit,
            r.subsidy_rate, r.acceptance_start_datetime, r.acceptance_end_datetime, json_array(r.use_purpose),
            json_array(r.industry), r.front_subsidy_detail_page_url, r.raw_json,
            unresolved.empty() ? std::optional<std::string>() : std::optional<std::string>(unresolved));
        std::int64_t id = 0;
        if (!written.empty()) {
            id = written[0][0].as<std::int64_t>();
            (written[0][1].as<bool>() ? report.added : report.changed) += 1;
        } else {
            auto found = tx.exec_prepared("programme_find", source_jgrants, r.id);
            id = found[0][0].as<std::int64_t>();
            if (found[0][1].as<bool>()) {
                report.conflicts.push_back(r.id);
                continue;  // an agency owns it now: its coverage is the agency's too
            }
            ++report.unchanged;
        }
        auto codes = json_array(cov.codes);
        tx.exec_prepared("coverage_prune", id, codes);
        tx.exec_prepared("coverage_add", id, codes);
    }
    report.closed = tx.exec_prepared("programmes_close_missing", source_jgrants, json_array(seen)).size();
    tx.exec(sql("src/programmes/sql/area_stats_refresh.sql"));
    tx.commit();
    return report;
}

}  // namespace

std::vector<SnapshotReport> import_programmes(const core::Secret& url, const std::vector<std::string>& paths) {
    std::vector<JgrantsSnapshot> snapshots;
    for (const auto& p : paths) snapshots.push_back(parse_jgrants(read_file(p), p));
    // Snapshots sync in capture order, whatever order they were named in.
    std::stable_sort(snapshots.begin(), snapshots.end(),
                     [](const auto& a, const auto& b) { return a.captured < b.captured; });
    Gazetteer gazetteer = load_gazetteer(url);
    std::vector<SnapshotReport> reports;
    db::Session session(url);
    auto* conn = &session.connection();
    try {
        prepare_all(*conn);
        for (const auto& snap : snapshots) reports.push_back(import_snapshot(*conn, snap, gazetteer));
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
    return reports;
}

}  // namespace policymap::programmes
