#include "programmes/programme_importer.hpp"

#include "core/error.hpp"
#include "core/resources.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"
#include "programmes/area_resolver.hpp"
#include "programmes/gazetteer_store.hpp"
#include "programmes/mirasapo_purposes.hpp"
#include "programmes/programme_snapshot.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace policymap::programmes {

namespace {

const std::string source_jgrants = "jgrants";
const std::string source_mirasapo = "mirasapo";

using OptText = std::optional<std::string>;

std::string sql(std::string_view path) { return std::string(core::resource(path)); }

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) core::throw_invalid("unreadable-file", "cannot read " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string json_array(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

std::string join(const std::vector<std::string>& items, const std::string& separator) {
    std::string out;
    for (const auto& n : items) out += (out.empty() ? "" : separator) + n;
    return out;
}

void prepare_all(pqxx::connection_base& conn) {
    for (const char* name : {"programme_upsert", "programme_find", "coverage_prune", "coverage_add",
                             "programmes_close_missing", "agency_upsert", "agency_area_add", "source_snapshot_last",
                             "source_snapshot_record"}) {
        conn.prepare(name, sql(std::string("src/programmes/sql/") + name + ".sql"));
    }
}

// One programme as the programmes table stores it, whatever its source.
struct ProgrammeRow {
    std::string source_id;
    std::string title;
    OptText catch_phrase;
    OptText summary;
    OptText institution_name;
    OptText target_area_search;
    OptText target_area_detail;
    OptText employees;
    std::optional<std::int64_t> max_amount;
    OptText rate;
    OptText acceptance_start;
    OptText acceptance_end;
    std::vector<std::string> purposes;
    std::vector<std::string> industries;
    OptText url;
    std::string raw;
    OptText body;
    OptText target;
    OptText application_target;
    OptText publish_start;
    OptText publish_end;
    nlohmann::json source_categories = nlohmann::json::object();
    std::optional<std::int64_t> owner_agency_id;
    Coverage coverage;
};

ProgrammeRow from_jgrants(const JgrantsRecord& r, const Gazetteer& gazetteer) {
    ProgrammeRow row;
    row.source_id = r.id;
    row.title = r.title;
    row.catch_phrase = r.subsidy_catch_phrase;
    row.summary = r.summary;
    row.institution_name = r.institution_name;
    row.target_area_search = r.target_area_search;
    row.target_area_detail = r.target_area_detail;
    row.employees = r.target_number_of_employees;
    row.max_amount = r.subsidy_max_limit;
    row.rate = r.subsidy_rate;
    row.acceptance_start = r.acceptance_start_datetime;
    row.acceptance_end = r.acceptance_end_datetime;
    row.purposes = r.use_purpose;
    row.industries = r.industry;
    row.url = r.front_subsidy_detail_page_url;
    row.raw = r.raw_json;
    row.source_categories = {{"use_purpose", r.use_purpose}, {"industry", r.industry}};
    row.coverage = resolve_jgrants(
        AreaText{r.title, r.target_area_search, r.target_area_detail.value_or(""), r.institution_name.value_or("")},
        gazetteer);
    return row;
}

// Mirasapo's dates are calendar days in Japan: a window runs from the start
// of its first day to the end of its last.
OptText day_start(const OptText& date) {
    return date ? OptText(*date + "T00:00:00+09:00") : std::nullopt;
}
OptText day_end(const OptText& date) {
    return date ? OptText(*date + "T23:59:59.999999+09:00") : std::nullopt;
}

// The first http(s) address in free text (Mirasapo's `refernece` mixes prose,
// Markdown links and bare URLs).
OptText first_url(const OptText& text) {
    if (!text) return std::nullopt;
    auto pos = std::min(text->find("https://"), text->find("http://"));
    if (pos == std::string::npos) return std::nullopt;
    auto end = pos;
    while (end < text->size()) {
        const auto c = static_cast<unsigned char>((*text)[end]);
        if (c <= ' ' || c >= 0x80 || c == ')' || c == ']' || c == '>' || c == '"' || c == '\'') break;
        ++end;
    }
    return text->substr(pos, end - pos);
}

std::vector<std::string> names(const std::vector<MirasapoCategory>& categories) {
    std::vector<std::string> out;
    for (const auto& c : categories) out.push_back(c.name);
    return out;
}

// The jurisdiction of a competent authority: its prefecture (or
// municipality) for a local government, the whole country otherwise.
std::string jurisdiction(const MirasapoAuthority& a) {
    const bool digits = !a.code.empty() && std::all_of(a.code.begin(), a.code.end(), [](char c) {
        return c >= '0' && c <= '9';
    });
    if (a.kind == "lgov" && digits) {
        if (a.code.size() == 2 && a.code >= "01" && a.code <= "47") return a.code;
        if (a.code.size() == 5 || a.code.size() == 6) return a.code.substr(0, 5);  // JIS code, check digit dropped
    }
    return "JP";
}

class AgencyCache {
public:
    AgencyCache(pqxx::work& tx, SnapshotReport& report) : m_tx(tx), m_report(report) {}

    std::int64_t id_of(const MirasapoAuthority& a) {
        const std::string code = a.code.empty() ? a.id : a.code;
        if (auto it = m_ids.find(code); it != m_ids.end()) return it->second;
        auto r = m_tx.exec_prepared("agency_upsert", source_mirasapo, code, a.name,
                                    a.id.empty() ? OptText() : OptText(a.id));
        const auto id = r[0][0].as<std::int64_t>();
        if (r[0][1].as<bool>()) ++m_report.agencies_added;
        m_tx.exec_prepared("agency_area_add", id, jurisdiction(a));
        m_ids.emplace(code, id);
        return id;
    }

private:
    pqxx::work& m_tx;
    SnapshotReport& m_report;
    std::map<std::string, std::int64_t> m_ids;
};

// The coverage of a row's prefectures alone: their 2-digit codes, or JP.
std::vector<std::string> base_codes(const std::vector<std::string>& prefecture_ids) {
    std::vector<std::string> out;
    for (const auto& id : prefecture_ids) out.push_back(id.size() == 1 ? "0" + id : id);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.empty() || out.size() == 47) out = {"JP"};
    return out;
}

std::string trim_note(const std::string& note) {
    const auto first = note.find_first_not_of(" \t\r\n");
    const auto last = note.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? "" : note.substr(first, last - first + 1);
}

ProgrammeRow from_mirasapo(const MirasapoRecord& r, const Gazetteer& gazetteer, AgencyCache& agencies) {
    ProgrammeRow row;
    row.source_id = r.id;
    row.title = r.title;
    row.catch_phrase = r.subtitle;
    row.summary = r.summary;
    std::vector<std::string> authorities;
    for (const auto& a : r.competent_authorities) {
        authorities.push_back(a.name);
        const auto id = agencies.id_of(a);
        if (!row.owner_agency_id) row.owner_agency_id = id;  // the first authority maintains the row
    }
    if (!authorities.empty()) row.institution_name = join(authorities, "、");
    row.target_area_search = r.prefecture_names.empty() ? "全国" : join(r.prefecture_names, " / ");
    if (auto note = r.area.find_first_not_of(" \t\r\n"); note != std::string::npos) row.target_area_detail = r.area;
    row.acceptance_start = day_start(r.reception_start_date);
    row.acceptance_end = day_end(r.reception_end_date);
    const auto purpose_names = names(r.purpose_categories);
    const auto stage_names = names(r.stage_categories);
    row.purposes = mirasapo_purposes(purpose_names, stage_names);
    row.url = r.application_url ? r.application_url : first_url(r.refernece);
    row.raw = r.raw_json;
    row.body = r.body;
    row.target = r.target;
    row.application_target = r.application_target;
    row.publish_start = day_start(r.publish_date);
    row.publish_end = day_end(r.unpublish_date);
    row.source_categories = {{"purpose_categories", purpose_names},
                             {"stage_categories", stage_names},
                             {"industry_categories", names(r.industry_categories)}};
    row.coverage = resolve_mirasapo(r.prefecture_ids, r.area, gazetteer);
    // An area note that neither lists nor excludes places (zoning, legal
    // designations, explanations) leaves the prefectures: the resolver is
    // right to keep them, but a person should read the note.
    if (row.target_area_detail && row.coverage.notes.empty() && row.coverage.codes == base_codes(r.prefecture_ids)) {
        row.coverage.notes.push_back("area note kept as text, coverage left at " +
                                     (r.prefecture_ids.empty() ? std::string("nationwide") : join(row.coverage.codes, ", ")) +
                                     ": 「" + trim_note(*row.target_area_detail) + "」");
    }
    return row;
}

// Writes one row; counts it in the report.
void write_row(pqxx::work& tx, const std::string& source, const ProgrammeRow& r, SnapshotReport& report) {
    const std::string unresolved = join(r.coverage.notes, "; ");
    if (!r.coverage.notes.empty()) report.unresolved.push_back({r.source_id, r.title, unresolved});
    auto written = tx.exec_prepared(
        "programme_upsert", source, r.source_id, r.title, r.catch_phrase, r.summary, r.institution_name,
        r.target_area_search, r.target_area_detail, r.employees, r.max_amount, r.rate, r.acceptance_start,
        r.acceptance_end, json_array(r.purposes), json_array(r.industries), r.url, r.raw,
        unresolved.empty() ? OptText() : OptText(unresolved), r.body, r.target, r.publish_start, r.publish_end,
        r.source_categories.dump(), r.owner_agency_id, r.application_target);
    std::int64_t id = 0;
    if (!written.empty()) {
        id = written[0][0].as<std::int64_t>();
        (written[0][1].as<bool>() ? report.added : report.changed) += 1;
    } else {
        auto found = tx.exec_prepared("programme_find", source, r.source_id);
        id = found[0][0].as<std::int64_t>();
        if (found[0][1].as<bool>()) {
            report.conflicts.push_back(r.source_id);
            return;  // an agency has taken it over: its coverage is the agency's too
        }
        ++report.unchanged;
    }
    auto codes = json_array(r.coverage.codes);
    tx.exec_prepared("coverage_prune", id, codes);
    tx.exec_prepared("coverage_add", id, codes);
}

SnapshotReport import_snapshot(pqxx::connection_base& conn, const ProgrammeSnapshot& snapshot,
                               const Gazetteer& gazetteer) {
    SnapshotReport report;
    pqxx::work tx(conn);
    report.captured = captured(snapshot);
    // A full snapshot has a capture time; a file of bare records (no _meta) only adds and updates.
    const bool full = !report.captured.empty();
    const std::string source = std::holds_alternative<JgrantsSnapshot>(snapshot) ? source_jgrants : source_mirasapo;
    if (full) {
        const auto last = tx.exec_prepared1("source_snapshot_last", source)[0].as<std::string>();
        if (!last.empty() && report.captured < last) {
            // Importing it would roll the source back to an older state: leave everything as it is.
            report.source = source;
            report.path = std::holds_alternative<JgrantsSnapshot>(snapshot) ? std::get<JgrantsSnapshot>(snapshot).path
                                                                            : std::get<MirasapoSnapshot>(snapshot).path;
            report.skipped = "older than the last imported " + source + " snapshot (captured " + last + ")";
            return report;
        }
    }
    std::vector<std::string> seen;
    if (const auto* jg = std::get_if<JgrantsSnapshot>(&snapshot)) {
        report.path = jg->path;
        report.source = source_jgrants;
        report.records = jg->records.size();
        for (const auto& r : jg->records) {
            seen.push_back(r.id);
            write_row(tx, source_jgrants, from_jgrants(r, gazetteer), report);
        }
    } else {
        const auto& ms = std::get<MirasapoSnapshot>(snapshot);
        report.path = ms.path;
        report.source = source_mirasapo;
        report.records = ms.records.size();
        AgencyCache agencies(tx, report);
        for (const auto& r : ms.records) {
            seen.push_back(r.id);
            write_row(tx, source_mirasapo, from_mirasapo(r, gazetteer, agencies), report);
        }
    }
    if (full) {
        report.closed = tx.exec_prepared("programmes_close_missing", report.source, json_array(seen)).size();
        tx.exec_prepared("source_snapshot_record", report.source, report.captured, report.path);
    }
    tx.exec(sql("src/programmes/sql/area_stats_refresh.sql"));
    tx.commit();
    return report;
}

std::string source_of(const ProgrammeSnapshot& s) {
    return std::holds_alternative<JgrantsSnapshot>(s) ? source_jgrants : source_mirasapo;
}

}  // namespace

std::vector<SnapshotReport> import_programmes(const core::Secret& url, const std::vector<std::string>& paths) {
    std::vector<ProgrammeSnapshot> snapshots;
    for (const auto& p : paths) snapshots.push_back(parse_snapshot(read_file(p), p));
    // Each source syncs in capture order, whatever order the files were named
    // in; sources are independent (grouped by name so that the order is stable).
    std::stable_sort(snapshots.begin(), snapshots.end(), [](const auto& a, const auto& b) {
        const auto sa = source_of(a), sb = source_of(b);
        return sa != sb ? sa < sb : captured(a) < captured(b);
    });
    for (const auto& snap : snapshots) {
        const bool empty = std::holds_alternative<JgrantsSnapshot>(snap) ? std::get<JgrantsSnapshot>(snap).records.empty()
                                                                         : std::get<MirasapoSnapshot>(snap).records.empty();
        if (empty && !captured(snap).empty()) {
            const auto& path = std::holds_alternative<JgrantsSnapshot>(snap) ? std::get<JgrantsSnapshot>(snap).path
                                                                             : std::get<MirasapoSnapshot>(snap).path;
            core::throw_invalid("empty-snapshot", path + ": the snapshot lists no programmes; importing it would close "
                                                  "every programme of its source, so it is refused");
        }
    }
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

std::vector<ImportStatus> import_status(db::Pool& pool) {
    auto lease = pool.acquire();
    try {
        const auto& stmt = lease.prepared("src/programmes/sql/import_status.sql");
        pqxx::read_transaction tx(lease.connection());
        std::vector<ImportStatus> out;
        for (const auto& r : tx.exec_prepared(stmt)) {
            out.push_back({r["source"].as<std::string>(), r["snapshots"].as<std::int64_t>(),
                           r["last_imported"].as<double>(0), r["published"].as<std::int64_t>(),
                           r["closed"].as<std::int64_t>()});
        }
        return out;
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

}  // namespace policymap::programmes
