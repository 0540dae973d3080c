// The second source: Mirasapo plus support systems, imported by the harness
// after jGrants (files named newest first), checked against facts computed
// here from the CSV files and the gold file, never from our own output.
#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <vector>

using namespace policymap::test;
using nlohmann::json;
using Row = std::map<std::string, std::string>;

namespace {

const char* const first_file = "supports-2022-12-15.csv";
const char* const last_file = "supports-2023-10-01.csv";

std::map<std::string, Row> rows_by_id(const char* file) {
    std::map<std::string, Row> out;
    for (auto& row : read_csv_rows(data_dir() + "/mirasapo/" + file)) out.emplace(row.at("id"), std::move(row));
    return out;
}

json gold() {
    std::ifstream in(data_dir() + "/mirasapo/areas-gold.json");
    return json::parse(in).at("programmes");
}

std::vector<std::string> category_names(const std::string& field) {
    std::vector<std::string> out;
    for (const auto& c : json::parse(field)) out.push_back(c.at("name").get<std::string>());
    return out;
}

std::string pad(const std::string& prefecture_id) { return prefecture_id.size() == 1 ? "0" + prefecture_id : prefecture_id; }

// The import report expected for `next` after `previous` (empty for the first snapshot).
struct Expected {
    std::size_t added = 0, changed = 0, unchanged = 0, closed = 0;
};
Expected expected_sync(const std::map<std::string, Row>& previous, const std::map<std::string, Row>& next) {
    Expected e;
    for (const auto& [id, row] : next) {
        auto it = previous.find(id);
        if (it == previous.end()) ++e.added;
        else if (it->second != row) ++e.changed;  // any column's text differs (columns matched by name)
        else ++e.unchanged;
    }
    for (const auto& [id, row] : previous) e.closed += next.count(id) == 0 ? 1 : 0;
    return e;
}

// Rows whose `area` note is not blank yet leaves the prefectures (or the
// whole country) in the gold file: the ones the report must flag.
std::set<std::string> expected_flagged(const std::map<std::string, Row>& rows) {
    const auto g = gold();
    std::set<std::string> out;
    for (const auto& [id, row] : rows) {
        if (row.at("area").find_first_not_of(" \t\r\n") == std::string::npos) continue;
        std::set<std::string> base;
        for (const auto& p : json::parse(row.at("prefectures"))) base.insert(pad(p.at("id").get<std::string>()));
        if (base.empty()) base.insert("JP");
        auto areas = g.at(id).at("areas").get<std::set<std::string>>();
        if (areas == base) out.insert(id);
    }
    return out;
}

std::set<std::string> ids_of(const json& unresolved) {
    std::set<std::string> out;
    for (const auto& u : unresolved) out.insert(u.at("id").get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("both Mirasapo snapshots import in capture order with the report the CSV files imply", "[integration]") {
    const auto first = rows_by_id(first_file);
    const auto last = rows_by_id(last_file);
    const auto reports = json::parse(state_file("mirasapo.json"));
    REQUIRE(reports.size() == 2);
    // Named newest first on the command line; imported oldest first.
    CHECK(reports[0]["file"].get<std::string>().find(first_file) != std::string::npos);
    CHECK(reports[1]["file"].get<std::string>().find(last_file) != std::string::npos);
    const Expected e1 = expected_sync({}, first);
    const Expected e2 = expected_sync(first, last);
    for (const auto& [report, e, rows] : {std::tuple{reports[0], e1, &first}, std::tuple{reports[1], e2, &last}}) {
        INFO(report["file"]);
        CHECK(report["source"] == "mirasapo");
        CHECK(report["records"] == rows->size());
        CHECK(report["added"] == e.added);
        CHECK(report["changed"] == e.changed);
        CHECK(report["unchanged"] == e.unchanged);
        CHECK(report["closed"] == e.closed);
        CHECK(report["conflicts"].empty());
        CHECK(ids_of(report["unresolved"]) == expected_flagged(*rows));
    }
    // The facts behind the numbers, as counted from the files.
    CHECK(e1.added == 1092);
    CHECK(e2.added == 131);
    CHECK(e2.closed == 111);
    CHECK(e2.changed == 64);

    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    std::set<std::string> published, closed, expected_closed, expected_published;
    for (const auto& r : tx.exec("SELECT source_id, status FROM programmes WHERE source = 'mirasapo'")) {
        (r[1].as<std::string>() == "published" ? published : closed).insert(r[0].as<std::string>());
    }
    for (const auto& [id, row] : last) expected_published.insert(id);
    for (const auto& [id, row] : first) {
        if (last.count(id) == 0) expected_closed.insert(id);
    }
    CHECK(published == expected_published);
    CHECK(closed == expected_closed);  // closed, never deleted
    CHECK(tx.exec1("SELECT count(*) FROM programmes WHERE source = 'mirasapo' AND status = 'published' AND version = 2")[0]
              .as<std::size_t>() == e2.changed);
}

TEST_CASE("every Mirasapo row is covered as the gold file says", "[integration]") {
    const auto g = gold();
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    std::size_t checked = 0;
    for (const auto& r : tx.exec("SELECT p.source_id, array_to_json(array_agg(pa.area_code ORDER BY pa.area_code))::text "
                                 "FROM programmes p JOIN programme_areas pa ON pa.programme_id = p.id "
                                 "WHERE p.source = 'mirasapo' GROUP BY p.source_id")) {
        const auto id = r[0].as<std::string>();
        auto expected = g.at(id).at("areas");
        std::sort(expected.begin(), expected.end());
        INFO(id);
        CHECK(json::parse(r[1].as<std::string>()) == expected);
        ++checked;
    }
    CHECK(checked == g.size());  // 1,223 rows over both snapshots, each with coverage
}

TEST_CASE("resolve-areas on both Mirasapo CSVs prints the gold coverage", "[integration]") {
    const std::string folder = data_dir() + "/mirasapo/";
    const auto run = run_policymap("resolve-areas '" + folder + first_file + "' '" + folder + last_file + "'");
    REQUIRE(run.status == 0);
    const auto got = json::parse(run.out);
    const auto g = gold();
    REQUIRE(got.size() == g.size());
    std::size_t matched = 0;
    for (const auto& [id, entry] : g.items()) {
        auto expected = entry.at("areas");
        std::sort(expected.begin(), expected.end());
        INFO(id);
        REQUIRE(got.contains(id));
        CHECK(got.at(id) == expected);
        matched += got.at(id) == expected ? 1 : 0;
    }
    CHECK(matched == 1223);
}

TEST_CASE("Mirasapo rows keep dates, window, texts and their own categories as the CSV gives them", "[integration]") {
    const auto last = rows_by_id(last_file);
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    std::size_t checked = 0;
    for (const auto& r : tx.exec(
             "SELECT source_id, title, body, summary, target, url, "
             "to_char(acceptance_start AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD'), "
             "to_char(acceptance_end AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD'), "
             "to_char(publish_start AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD'), "
             "to_char(publish_end AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD'), source_categories::text, application_target "
             "FROM programmes WHERE source = 'mirasapo' AND status = 'published'")) {
        const auto& row = last.at(r[0].as<std::string>());
        INFO(r[0].as<std::string>());
        const auto opt = [&](int i) { return r[i].is_null() ? std::string() : r[i].as<std::string>(); };
        const auto trimmed = [](std::string s) {
            while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
            auto i = s.find_first_not_of(" \t\n");
            return i == std::string::npos ? std::string() : s.substr(i);
        };
        CHECK(opt(1) == trimmed(row.at("title")));
        CHECK(opt(2) == trimmed(row.at("body")));  // line breaks kept as they are, no markup added
        CHECK(opt(3) == trimmed(row.at("summary")));
        CHECK(opt(4) == trimmed(row.at("target")));
        CHECK(opt(11) == trimmed(row.at("application_target")));
        if (!row.at("application_url").empty()) CHECK(opt(5) == trimmed(row.at("application_url")));
        CHECK(opt(6) == row.at("reception_start_date"));  // standing support: no acceptance window
        CHECK(opt(7) == row.at("reception_end_date"));
        CHECK(opt(8) == row.at("publish_date"));
        CHECK(opt(9) == row.at("unpublish_date"));
        const auto cats = json::parse(r[10].as<std::string>());
        CHECK(cats.at("purpose_categories") == json(category_names(row.at("purpose_categories"))));
        CHECK(cats.at("stage_categories") == json(category_names(row.at("stage_categories"))));
        ++checked;
    }
    CHECK(checked == last.size());
    // Multi-line bodies are the common case, not an accident of one row.
    CHECK(tx.exec1("SELECT count(*) FROM programmes WHERE source = 'mirasapo' AND body LIKE '%' || chr(10) || '%'")[0]
              .as<int>() > 500);
    // A standing support system is open unless closed; one whose reception has ended is not.
    CHECK(tx.exec1("SELECT count(*) FROM programmes WHERE source = 'mirasapo' AND acceptance_start IS NULL "
                   "AND acceptance_end IS NULL AND NOT programme_open_at(status, acceptance_start, acceptance_end, now())")[0]
              .as<int>() == static_cast<int>(tx.exec1("SELECT count(*) FROM programmes WHERE source = 'mirasapo' "
                                                       "AND status = 'closed' AND acceptance_start IS NULL "
                                                       "AND acceptance_end IS NULL")[0]
                                                .as<int>()));
    CHECK(!tx.exec1("SELECT programme_open_at('published', '2022-11-18T00:00+09', '2023-02-10T23:59:59+09', "
                    "'2026-12-01T00:00Z')")[0]
               .as<bool>());
    CHECK(tx.exec1("SELECT programme_open_at('published', NULL, NULL, '2026-12-01T00:00Z')")[0].as<bool>());
    CHECK(!tx.exec1("SELECT programme_open_at('closed', NULL, NULL, '2026-12-01T00:00Z')")[0].as<bool>());
}

TEST_CASE("every competent authority is an agency with its jurisdiction, owning its rows", "[integration]") {
    std::map<std::string, json> authorities;  // code -> entry
    std::map<std::string, std::string> owner_code;  // row id -> authority code (last snapshot wins)
    for (const char* file : {first_file, last_file}) {
        for (const auto& [id, row] : rows_by_id(file)) {
            for (const auto& a : json::parse(row.at("competent_authorities"))) {
                authorities[a.at("code").get<std::string>()] = a;
            }
            owner_code[id] = json::parse(row.at("competent_authorities")).at(0).at("code").get<std::string>();
        }
    }
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    std::map<std::string, std::pair<std::string, std::set<std::string>>> agencies;  // code -> (source_id, areas)
    for (const auto& r : tx.exec("SELECT a.source_code, a.source_id, array_to_json(array_agg(aa.area_code))::text "
                                 "FROM agencies a LEFT JOIN agency_areas aa ON aa.agency_id = a.id "
                                 "WHERE a.source = 'mirasapo' GROUP BY a.id")) {
        agencies[r[0].as<std::string>()] = {r[1].as<std::string>(),
                                            json::parse(r[2].as<std::string>()).get<std::set<std::string>>()};
    }
    CHECK(agencies.size() == authorities.size());
    for (const auto& [code, a] : authorities) {
        INFO(code << " " << a.at("name"));
        REQUIRE(agencies.count(code) == 1);
        CHECK(agencies[code].first == a.at("id").get<std::string>());
        const bool prefecture = a.at("kind") == "lgov";
        CHECK(agencies[code].second == std::set<std::string>{prefecture ? code : "JP"});
    }
    CHECK(agencies.at("42").second == std::set<std::string>{"42"});     // 長崎県
    CHECK(agencies.at("00011-03").second == std::set<std::string>{"JP"});  // 中小企業庁
    std::size_t owned = 0;
    for (const auto& r : tx.exec("SELECT p.source_id, a.source_code FROM programmes p JOIN agencies a "
                                 "ON a.id = p.owner_agency_id WHERE p.source = 'mirasapo'")) {
        INFO(r[0].as<std::string>());
        CHECK(r[1].as<std::string>() == owner_code.at(r[0].as<std::string>()));
        ++owned;
    }
    CHECK(owned == owner_code.size());
    CHECK(tx.exec1("SELECT count(*) FROM programmes WHERE source = 'jgrants' AND owner_agency_id IS NOT NULL")[0].as<int>() ==
          0);
}

TEST_CASE("the same purpose filter finds programmes of both sources", "[integration]") {
    // jGrants: the last snapshot's use_purpose; Mirasapo: the rows whose categories
    // docs/purposes.md maps to 設備整備・IT導入をしたい (purpose 設備投資, IT化; stage 設備投資).
    const std::string purpose = "設備整備・IT導入をしたい";
    std::set<std::string> expected;
    std::ifstream snap_in(data_dir() + "/jgrants/jgrants-2026-08-20.json");
    const auto snapshot = json::parse(snap_in);  // kept alive: the loop walks into it
    for (const auto& rec : snapshot.at("subsidies")) {
        if (rec.value("use_purpose", "").find(purpose) != std::string::npos) {
            expected.insert("jgrants:" + rec.at("id").get<std::string>());
        }
    }
    for (const auto& [id, row] : rows_by_id(last_file)) {
        const auto p = category_names(row.at("purpose_categories"));
        const auto s = category_names(row.at("stage_categories"));
        const auto has = [](const std::vector<std::string>& v, const char* x) {
            return std::find(v.begin(), v.end(), x) != v.end();
        };
        if (has(p, "設備投資") || has(p, "IT化") || has(s, "設備投資")) expected.insert("mirasapo:" + id);
    }
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    std::set<std::string> got;
    std::set<std::string> sources;
    for (const auto& r : tx.exec_params("SELECT source, source_id FROM programmes "
                                        "WHERE status = 'published' AND $1 = ANY (purposes) "
                                        "AND source IN ('jgrants', 'mirasapo')",  // not what agency tests add
                                        purpose)) {
        got.insert(r[0].as<std::string>() + ":" + r[1].as<std::string>());
        sources.insert(r[0].as<std::string>());
    }
    INFO(set_difference_text(got, expected));
    CHECK(got == expected);
    CHECK(sources == std::set<std::string>{"jgrants", "mirasapo"});
    // Every purpose of every programme is in the one vocabulary: jGrants' use_purpose values.
    std::set<std::string> vocabulary;
    for (const auto& r : tx.exec("SELECT DISTINCT unnest(purposes) FROM programmes WHERE source = 'jgrants'")) {
        vocabulary.insert(r[0].as<std::string>());
    }
    CHECK(vocabulary.size() == 15);
    for (const auto& r : tx.exec("SELECT DISTINCT unnest(purposes) FROM programmes WHERE source = 'mirasapo'")) {
        CHECK(vocabulary.count(r[0].as<std::string>()) == 1);
    }
}

TEST_CASE("re-importing the last Mirasapo snapshot changes nothing, and an agency's edit is reported, not overwritten",
          "[integration]") {
    const std::string file = data_dir() + "/mirasapo/" + last_file;
    std::string id;
    {
        pqxx::connection conn(db_url());
        pqxx::work tx(conn);
        id = tx.exec1("SELECT source_id FROM programmes WHERE source = 'mirasapo' AND status = 'published' "
                      "ORDER BY source_id LIMIT 1")[0]
                 .as<std::string>();
        tx.exec_params("UPDATE programmes SET title = title || '（機関編集）', agency_edited_at = now() "
                       "WHERE source = 'mirasapo' AND source_id = $1",
                       id);
        tx.commit();
    }
    const auto run = run_policymap("import programmes '" + file + "'");
    pqxx::connection conn(db_url());
    pqxx::work tx(conn);
    const auto title = tx.exec_params1("SELECT title FROM programmes WHERE source = 'mirasapo' AND source_id = $1", id)[0]
                           .as<std::string>();
    // Put the row back as the harness left it before checking anything.
    tx.exec_params("UPDATE programmes SET title = left(title, length(title) - length('（機関編集）')), "
                   "agency_edited_at = NULL WHERE source = 'mirasapo' AND source_id = $1",
                   id);
    tx.commit();
    REQUIRE(run.status == 0);
    const auto report = json::parse(run.out).at(0);
    CHECK(report["added"] == 0);
    CHECK(report["changed"] == 0);
    CHECK(report["closed"] == 0);
    CHECK(report["conflicts"] == json::array({id}));
    CHECK(report["unchanged"] == rows_by_id(last_file).size() - 1);
    CHECK(title.size() > std::string("（機関編集）").size());
    CHECK(title.substr(title.size() - std::string("（機関編集）").size()) == "（機関編集）");
}
