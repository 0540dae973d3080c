// Agencies maintaining their own programmes, through the real server and the
// real database: tokens, jurisdiction, conditional edits, history, uploads,
// and propagation to lookup, statistics and NOTIFY listeners.
#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <iconv.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <atomic>
#include <chrono>
#include <random>
#include <set>
#include <thread>

using namespace policymap::test;
using nlohmann::json;

namespace {

const std::map<std::string, std::string> json_type = {{"Content-Type", "application/json"}};

std::map<std::string, std::string> with(std::map<std::string, std::string> a, const std::map<std::string, std::string>& b) {
    a.insert(b.begin(), b.end());
    return a;
}

HttpResult create(const Agency& a, const json& body) {
    return http_request("POST", "/v1/programmes", body.dump(), a.auth(json_type));
}

std::int64_t created_id(const HttpResult& r) {
    INFO(r.body);
    REQUIRE(r.status == 201);
    return json::parse(r.body).at("id").get<std::int64_t>();
}

HttpResult put(const Agency& a, std::int64_t id, const json& body, const std::string& etag) {
    auto h = a.auth(json_type);
    if (!etag.empty()) h["If-Match"] = etag;
    return http_request("PUT", "/v1/programmes/" + std::to_string(id), body.dump(), h);
}

std::string etag_of(std::int64_t id) {
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    return "\"p" + std::to_string(id) + "-v" +
           tx.exec_params1("SELECT version FROM programmes WHERE id = $1", id)[0].as<std::string>() + "\"";
}

HttpResult withdraw(const Agency& a, std::int64_t id) {
    return http_request("DELETE", "/v1/programmes/" + std::to_string(id), "", a.auth());
}

std::string problem_type(const HttpResult& r) { return json::parse(r.body).value("type", ""); }

std::string cp932(const std::string& utf8) {
    // glibc's converter, independent of the server's ICU one.
    iconv_t cd = iconv_open("CP932", "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string in = utf8;
    std::string out(in.size() * 2 + 16, '\0');
    char* ip = in.data();
    char* op = out.data();
    size_t il = in.size();
    size_t ol = out.size();
    const auto rc = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    REQUIRE(rc != static_cast<size_t>(-1));
    out.resize(out.size() - ol);
    return out;
}

int stats_of(const std::string& code) {
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    auto r = tx.exec_params("SELECT programmes FROM area_stats WHERE area_code = $1", code);
    return r.empty() ? 0 : r[0][0].as<int>();
}

json lookup_tokyo_station() {
    auto r = http_get("/v1/lookup?lat=35.6812&lon=139.7671");
    REQUIRE(r.status == 200);
    return json::parse(r.body);
}

bool lookup_lists(std::int64_t id) {
    const auto body = lookup_tokyo_station();
    for (const auto& p : body.at("programmes")) {
        if (p.at("id").get<std::int64_t>() == id) return true;
    }
    return false;
}

const std::string csv_header =
    "ref,title,catch_phrase,summary,institution_name,areas,purposes,industries,employees,max_amount,rate,"
    "acceptance_start,acceptance_end,url,status\r\n";

}  // namespace

TEST_CASE("agency commands print JSON only, and tokens are stored as hashes", "[integration][agency]") {
    auto created = json::parse(run_cli("agency create --name 'CLI テスト' --areas 13,13101"));
    const auto id = created.at("id").get<std::int64_t>();
    auto token = json::parse(run_cli("agency token " + std::to_string(id)));
    const auto secret = token.at("token").get<std::string>();
    CHECK(secret.rfind("pmt_" + std::to_string(token.at("token_id").get<std::int64_t>()) + "_", 0) == 0);
    auto list = json::parse(run_cli("agency list"));
    bool found = false;
    for (const auto& a : list) {
        if (a.at("id") != id) continue;
        found = true;
        CHECK(a.at("areas") == json{"13", "13101"});
        CHECK(a.at("tokens").size() == 1);
        CHECK(a.dump().find(secret.substr(20)) == std::string::npos);
    }
    CHECK(found);
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    auto row = tx.exec_params1("SELECT encode(secret_hash, 'hex') FROM agency_tokens WHERE id = $1",
                               token.at("token_id").get<std::int64_t>());
    CHECK(row[0].as<std::string>().size() == 64);
    CHECK(row[0].as<std::string>().find(secret) == std::string::npos);
    CHECK_THROWS(run_cli("agency create --name x --areas 99999"));
    CHECK_THROWS(run_cli("agency create --name x --areas 13 --admin"));
}

TEST_CASE("missing, unknown and revoked tokens get 401", "[integration][agency]") {
    auto a = make_agency("13101");
    auto none = http_request("POST", "/v1/programmes", programme("13101").dump(), json_type);
    CHECK(none.status == 401);
    CHECK(none.headers["content-type"] == "application/problem+json");
    CHECK(none.headers["www-authenticate"].rfind("Bearer", 0) == 0);
    auto garbage = http_request("POST", "/v1/programmes", programme("13101").dump(),
                                with(json_type, {{"Authorization", "Bearer ' OR 1=1 --"}}));
    CHECK(garbage.status == 401);
    std::string forged = a.token;
    forged.back() = forged.back() == 'A' ? 'B' : 'A';
    CHECK(http_request("POST", "/v1/programmes", programme("13101").dump(),
                       with(json_type, {{"Authorization", "Bearer " + forged}})).status == 401);
    CHECK(create(a, programme("13101")).status == 201);
    run_cli("agency revoke " + std::to_string(a.token_id));
    auto revoked = create(a, programme("13101"));
    CHECK(revoked.status == 401);
    CHECK(json::parse(revoked.body).at("detail").get<std::string>().find("revoked") != std::string::npos);
}

TEST_CASE("GET /v1/agency/me names the token's agency and its areas, privately", "[integration][agency]") {
    auto a = make_agency("13,13101");
    auto me = http_get("/v1/agency/me", a.auth());
    REQUIRE(me.status == 200);
    CHECK(me.headers["cache-control"] == "no-store");
    auto body = json::parse(me.body);
    CHECK(body.at("agency").at("id") == a.id);
    CHECK(body.at("agency").at("admin") == false);
    CHECK(body.at("token_id") == a.token_id);
    CHECK(body.at("areas") == json{"13", "13101"});
    auto anonymous = http_get("/v1/agency/me");
    CHECK(anonymous.status == 401);
    CHECK(json::parse(anonymous.body).at("type") == "/problems/missing-token");
}

TEST_CASE("authorisation matrix: agency x create/update/delete x inside/outside", "[integration][agency]") {
    auto admin = make_agency("admin");
    struct Case {
        std::string label;
        Agency agency;
        std::string inside;
        std::string outside;
    };
    std::vector<Case> cases = {
        {"prefecture 東京都", make_agency("13"), "13103", "14104"},
        {"municipality 千代田区 in it", make_agency("13101"), "13101", "13103"},
        {"municipality 吹田市 elsewhere", make_agency("27205"), "27205", "13101"},
        {"designated city 横浜市", make_agency("14100"), "14104", "14"},
    };
    for (const auto& c : cases) {
        INFO(c.label);
        // create
        auto inside = create(c.agency, programme(c.inside));
        CHECK(inside.status == 201);
        auto outside = create(c.agency, programme(c.outside));
        CHECK(outside.status == 403);
        CHECK(problem_type(outside) == "/problems/outside-jurisdiction");
        CHECK(json::parse(outside.body).at("errors")[0].at("value") == c.outside);
        // update: own programme inside -> ok; moving it outside -> 403; another's programme outside -> 403
        const auto own = created_id(inside);
        auto moved = programme(c.inside);
        moved["title"] = "更新後";
        CHECK(put(c.agency, own, moved, etag_of(own)).status == 200);
        auto away = programme(c.outside);
        auto away_r = put(c.agency, own, away, etag_of(own));
        CHECK(away_r.status == 403);
        CHECK(problem_type(away_r) == "/problems/outside-jurisdiction");
        const auto theirs = created_id(create(admin, programme(c.outside)));
        auto not_owner = put(c.agency, theirs, programme(c.outside), etag_of(theirs));
        CHECK(not_owner.status == 403);
        CHECK(problem_type(not_owner) == "/problems/not-owner");
        // delete: own inside -> ok (closed, kept); another's outside -> 403
        auto gone = withdraw(c.agency, own);
        CHECK(gone.status == 200);
        CHECK(json::parse(gone.body).at("status") == "closed");
        auto refused = withdraw(c.agency, theirs);
        CHECK(refused.status == 403);
        CHECK(json::parse(refused.body).at("detail").get<std::string>().find("another agency") != std::string::npos);
    }
    SECTION("admin acts everywhere, national coverage included, and on every agency programme") {
        auto national = create(admin, programme("JP", "draft"));
        CHECK(national.status == 201);
        const auto own = created_id(national);
        CHECK(put(admin, own, programme("JP", "draft"), etag_of(own)).status == 200);
        const auto other = created_id(create(cases[1].agency, programme("13101", "draft")));
        CHECK(put(admin, other, programme("27205", "draft"), etag_of(other)).status == 200);
        CHECK(withdraw(admin, other).status == 200);
        CHECK(withdraw(admin, own).status == 200);
    }
    SECTION("programmes imported from jGrants are read-only to every agency, admin included") {
        pqxx::connection conn(db_url());
        pqxx::read_transaction tx(conn);
        const auto jg = tx.exec1("SELECT id FROM programmes WHERE source = 'jgrants' ORDER BY id LIMIT 1")[0].as<std::int64_t>();
        tx.commit();
        for (const auto* a : {&admin, &cases[0].agency}) {
            auto r = put(*a, jg, programme("13"), etag_of(jg));
            CHECK(r.status == 403);
            CHECK(problem_type(r) == "/problems/read-only-source");
            CHECK(withdraw(*a, jg).status == 403);
        }
    }
}

TEST_CASE("created programmes answer 201 with Location and ETag; If-Match guards every change", "[integration][agency]") {
    auto a = make_agency("13101");
    auto r = create(a, programme("13101"));
    const auto id = created_id(r);
    CHECK(r.headers["location"] == "/v1/programmes/" + std::to_string(id));
    CHECK(r.headers["etag"] == "\"p" + std::to_string(id) + "-v1\"");
    auto body = programme("13101");
    CHECK(put(a, id, body, "").status == 428);
    auto ok = put(a, id, body, r.headers["etag"]);
    CHECK(ok.status == 200);
    CHECK(ok.headers["etag"] == "\"p" + std::to_string(id) + "-v2\"");
    auto stale = put(a, id, body, r.headers["etag"]);
    CHECK(stale.status == 412);
    CHECK(problem_type(stale) == "/problems/stale-version");
    auto patch = http_request("PATCH", "/v1/programmes/" + std::to_string(id), R"({"rate":"2/3","max_amount":"100万円"})",
                              a.auth(with(json_type, {{"If-Match", ok.headers["etag"]}})));
    REQUIRE(patch.status == 200);
    auto patched = json::parse(patch.body);
    CHECK(patched.at("rate") == "2/3");
    CHECK(patched.at("max_amount") == 1000000);
    CHECK(patched.at("title") == body.at("title"));
    CHECK(patched.at("version") == 3);
}

TEST_CASE("two writers with the same ETag: exactly one wins, the other gets 412", "[integration][agency]") {
    auto a = make_agency("13101");
    const auto id = created_id(create(a, programme("13101")));
    const auto etag = etag_of(id);
    for (int round = 0; round < 3; ++round) {
        const auto tag = etag_of(id);
        long s1 = 0;
        long s2 = 0;
        auto b1 = programme("13101");
        auto b2 = programme("13101");
        std::thread t1([&] { s1 = put(a, id, b1, tag).status; });
        std::thread t2([&] { s2 = put(a, id, b2, tag).status; });
        t1.join();
        t2.join();
        CHECK(std::min(s1, s2) == 200);
        CHECK(std::max(s1, s2) == 412);
    }
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    CHECK(tx.exec_params1("SELECT version FROM programmes WHERE id = $1", id)[0].as<int>() == 4);
    CHECK(tx.exec_params1("SELECT count(*) FROM audit_log WHERE programme_id = $1", id)[0].as<int>() == 4);
    (void)etag;
}

TEST_CASE("validation names every problem at once and hostile text is stored verbatim", "[integration][agency]") {
    auto a = make_agency("13101");
    json bad = {{"title", ""},           {"areas", {"131017", "府中市"}},   {"purposes", {"空を飛びたい"}},
                {"max_amount", -5},      {"acceptance_start", "2026-12-01"}, {"acceptance_end", "2026-11-30"},
                {"url", "ftp://x"},      {"status", "maybe"}};
    auto r = create(a, bad);
    REQUIRE(r.status == 400);
    auto problem = json::parse(r.body);
    CHECK(problem.at("type") == "/problems/invalid-programme");
    std::multiset<std::string> fields;
    for (const auto& e : problem.at("errors")) fields.insert(e.at("field").get<std::string>());
    CHECK(fields == std::multiset<std::string>{"title", "areas", "areas", "purposes", "max_amount", "acceptance_end", "url", "status"});
    const auto fuchu = problem.at("errors").dump();
    CHECK(fuchu.find("13206") != std::string::npos);  // 府中市 is in 東京都 and 広島県: both named
    CHECK(fuchu.find("34208") != std::string::npos);

    CHECK(http_request("POST", "/v1/programmes", "{not json", a.auth(json_type)).status == 400);
    CHECK(http_request("POST", "/v1/programmes", "[1,2]", a.auth(json_type)).status == 400);
    // A number beyond a double (found by fuzz_agency_json): 400 invalid-json, not a 500.
    for (const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
             {"/v1/programmes", R"({"title":"x","max_amount":6E666})"},
             {"/v1/agency/import", R"([{"title":"x","max_amount":6E666}])"}}) {
        auto huge = http_request("POST", path, body, a.auth(json_type));
        INFO(path << " -> " << huge.body);
        CHECK(huge.status == 400);
        CHECK(json::parse(huge.body).at("type") == "/problems/invalid-json");
    }

    const std::string hostile = "'); DROP TABLE programmes;-- <script>alert(\"x\")</script> \x01\t\"quoted\"";
    auto body = programme("13101");
    body["title"] = hostile;
    body["summary"] = std::string("ＡＢＣ１２３ ") + hostile;
    const auto id = created_id(create(a, body));
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    auto row = tx.exec_params1("SELECT title, summary, agency_edited_at IS NOT NULL FROM programmes WHERE id = $1", id);
    CHECK(row[0].as<std::string>() == hostile);
    CHECK(row[1].as<std::string>() == "ABC123 " + hostile);
    CHECK(row[2].as<bool>());
}

TEST_CASE("history lists every version with who, when and what changed; the audit log is append-only", "[integration][agency]") {
    auto a = make_agency("13");
    const auto id = created_id(create(a, programme("13101")));
    auto patch = http_request("PATCH", "/v1/programmes/" + std::to_string(id), R"({"title":"新しい名前","areas":["13","13101"]})",
                              a.auth(with(json_type, {{"If-Match", etag_of(id)}})));
    REQUIRE(patch.status == 200);
    REQUIRE(withdraw(a, id).status == 200);
    auto h = http_get("/v1/programmes/" + std::to_string(id) + "/history");
    REQUIRE(h.status == 200);
    auto versions = json::parse(h.body).at("versions");
    REQUIRE(versions.size() == 3);
    CHECK(versions[0].at("action") == "create");
    CHECK(versions[0].at("before").is_null());
    CHECK(versions[1].at("action") == "update");
    CHECK(versions[1].at("changed") == json{"areas", "title"});
    CHECK(versions[1].at("before").at("areas") == json{"13101"});
    CHECK(versions[1].at("after").at("areas") == json{"13", "13101"});
    CHECK(versions[2].at("action") == "withdraw");
    CHECK(versions[2].at("changed") == json{"status"});
    CHECK(versions[2].at("version") == 3);
    for (const auto& v : versions) {
        CHECK(v.at("agency").at("id") == a.id);
        CHECK(v.at("at").get<std::string>().size() >= 20);
    }
    pqxx::connection conn(db_url());
    {
        pqxx::work tx(conn);
        CHECK_THROWS(tx.exec_params("UPDATE audit_log SET action = 'create' WHERE programme_id = $1", id));
    }
    {
        pqxx::work tx(conn);
        CHECK_THROWS(tx.exec_params("DELETE FROM audit_log WHERE programme_id = $1", id));
    }
    // A draft's history is its owner's business.
    const auto draft = created_id(create(a, programme("13101", "draft")));
    CHECK(http_get("/v1/programmes/" + std::to_string(draft) + "/history").status == 404);
    CHECK(http_get("/v1/programmes/" + std::to_string(draft) + "/history", a.auth()).status == 200);
}

TEST_CASE("an accepted change reaches lookup, area statistics and NOTIFY listeners at once", "[integration][agency]") {
    auto a = make_agency("13101");
    pqxx::connection listener(db_url());
    struct Receiver : pqxx::notification_receiver {
        std::vector<std::string> payloads;
        explicit Receiver(pqxx::connection_base& c) : pqxx::notification_receiver(c, "policymap_changes") {}
        void operator()(const std::string& payload, int) override { payloads.push_back(payload); }
    } receiver(listener);
    listener.get_notifs();

    const int before = stats_of("13101");
    const int pref_before = stats_of("13");
    const auto draft = created_id(create(a, programme("13101", "draft")));
    CHECK_FALSE(lookup_lists(draft));
    CHECK(stats_of("13101") == before);

    const auto id = created_id(create(a, programme("13101")));
    CHECK(lookup_lists(id));
    CHECK(stats_of("13101") == before + 1);
    CHECK(stats_of("13") == pref_before + 1);  // somewhere in Tokyo

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (receiver.payloads.size() < 2 && std::chrono::steady_clock::now() < deadline) listener.await_notification(0, 200000);
    REQUIRE(receiver.payloads.size() >= 2);
    auto notice = json::parse(receiver.payloads.back());
    CHECK(notice.at("areas") == json{"13101"});
    CHECK(notice.at("programmes") == json{id});

    REQUIRE(withdraw(a, id).status == 200);
    CHECK_FALSE(lookup_lists(id));
    CHECK(stats_of("13101") == before);
}

TEST_CASE("CSV uploads in every encoding and layout offices produce", "[integration][agency]") {
    auto a = make_agency("13");
    const std::string ref1 = unique("R");
    const std::string ref2 = unique("R");
    const std::string ref3 = unique("R");
    // UTF-8 with BOM, CRLF, a quoted field with a comma and a line break,
    // full-width digits and spaces, the three date forms, the amount forms.
    const std::string utf8 =
        "\xEF\xBB\xBF" + csv_header + ref1 + ",創業支援　補助金,,\"1行目, 続き\r\n2行目\",産業振興課,１３１０１,新たな事業を行いたい,,,\"1,000,000\",,２０２６／０４／０１,令和8年11月30日,https://example.jp/a,published\r\n" +
        ref2 + ",販路開拓支援,,,,東京都府中市,販路拡大・海外展開をしたい,,,100万円,,2026-04-01,2026/11/30,,published\r\n";
    auto r1 = http_request("POST", "/v1/agency/import", utf8, a.auth({{"Content-Type", "text/csv"}}));
    INFO(r1.body);
    REQUIRE(r1.status == 200);
    auto rep = json::parse(r1.body);
    CHECK(rep.at("created") == 2);
    CHECK(rep.at("encoding") == "UTF-8");
    pqxx::connection conn(db_url());
    auto fetch = [&](const std::string& ref) {
        pqxx::read_transaction tx(conn);
        return tx.exec_params1(
            "SELECT p.title, p.summary, p.max_amount, to_char(p.acceptance_end AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI'),"
            " (SELECT string_agg(area_code, ',') FROM programme_areas WHERE programme_id = p.id) "
            "FROM programmes p WHERE source = 'agency' AND source_id = $1",
            std::to_string(a.id) + ":" + ref);
    };
    auto row1 = fetch(ref1);
    CHECK(row1[0].as<std::string>() == "創業支援 補助金");
    CHECK(row1[1].as<std::string>() == "1行目, 続き\n2行目");
    CHECK(row1[2].as<long long>() == 1000000);
    CHECK(row1[3].as<std::string>() == "2026-11-30 23:59");
    CHECK(row1[4].as<std::string>() == "13101");
    auto row2 = fetch(ref2);
    CHECK(row2[2].as<long long>() == 1000000);
    CHECK(row2[4].as<std::string>() == "13206");

    // UTF-8 without BOM, LF only: a re-upload of the same refs updates.
    std::string lf = csv_header.substr(0, csv_header.size() - 2) + "\n" + ref2 + ",販路開拓支援（改）,,,,13206,販路拡大・海外展開をしたい,,,2000000,,,,,published\n";
    auto r2 = http_request("POST", "/v1/agency/import", lf, a.auth({{"Content-Type", "text/csv; charset=utf-8"}}));
    INFO(r2.body);
    REQUIRE(r2.status == 200);
    CHECK(json::parse(r2.body).at("updated") == 1);
    CHECK(fetch(ref2)[2].as<long long>() == 2000000);

    // CP932, detected and labelled: ～ － ① are where CP932 and JIS Shift_JIS differ.
    const std::string title = "説明会～第①回－特別枠";
    const std::string sjis_row = csv_header + ref3 + "," + title + ",,,,千代田区,人材育成を行いたい,製造業,,,,令和8年4月1日,令和8年11月30日,,draft\r\n";
    const std::string bytes = cp932(sjis_row);
    CHECK(bytes.find("\x81\x60") != std::string::npos);  // ～ as Windows writes it
    CHECK(bytes.find("\x87\x40") != std::string::npos);  // ①
    auto dry = http_request("POST", "/v1/agency/import?dry_run=true", bytes, a.auth({{"Content-Type", "text/csv"}}));
    INFO(dry.body);
    REQUIRE(dry.status == 200);
    CHECK(json::parse(dry.body).at("encoding") == "CP932");
    CHECK(json::parse(dry.body).at("errors").empty());
    auto r3 = http_request("POST", "/v1/agency/import", bytes, a.auth({{"Content-Type", "text/csv; charset=Shift_JIS"}}));
    INFO(r3.body);
    REQUIRE(r3.status == 200);
    // NFKC of the CP932 characters: ～ (U+FF5E) -> ~, － (U+FF0D) -> -, ① -> 1. A JIS
    // Shift_JIS reading would have given 〜 (U+301C), which NFKC keeps.
    CHECK(fetch(ref3)[0].as<std::string>() == "説明会~第1回-特別枠");
}

TEST_CASE("a dry run reports row by row and writes nothing; a bad upload writes nothing", "[integration][agency]") {
    auto a = make_agency("13101");
    const std::string ok = unique("R");
    const std::string bad_date = unique("R");
    const std::string bad_area = unique("R");
    const std::string csv = csv_header + ok + ",正しい行,,,,13101,,,,,,,,,published\r\n" + bad_date +
                            ",日付が変,,,,13101,,,,,,2026/02/30,,,published\r\n" + bad_area +
                            ",地域が外,,,,14104,,,,,,,,,published\r\n" + "x,\"閉じた\"後ろ,,,,13101,,,,,,,,,\r\n";
    auto dry = http_request("POST", "/v1/agency/import?dry_run=true", csv, a.auth({{"Content-Type", "text/csv"}}));
    INFO(dry.body);
    REQUIRE(dry.status == 200);
    auto report = json::parse(dry.body);
    CHECK(report.at("rows") == 4);
    CHECK(report.at("valid") == 1);
    auto errors = report.at("errors");
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].at("row") == 3);
    CHECK(errors[0].at("column") == "acceptance_start");
    CHECK(errors[0].at("value") == "2026/02/30");
    CHECK(errors[1].at("row") == 4);
    CHECK(errors[1].at("column") == "areas");
    CHECK(errors[2].at("row") == 5);
    CHECK(errors[2].at("message").get<std::string>().find("closing quote") != std::string::npos);

    auto count = [&] {
        pqxx::connection conn(db_url());
        pqxx::read_transaction tx(conn);
        return tx.exec_params1("SELECT count(*) FROM programmes WHERE owner_agency_id = $1", a.id)[0].as<int>();
    };
    CHECK(count() == 0);
    auto real = http_request("POST", "/v1/agency/import", csv, a.auth({{"Content-Type", "text/csv"}}));
    CHECK(real.status == 400);
    CHECK(json::parse(real.body).at("errors").size() == 3);
    CHECK(count() == 0);

    // JSON arrays go the same way.
    json arr = json::array({programme("13101"), programme("13101")});
    auto j = http_request("POST", "/v1/agency/import", arr.dump(), a.auth(json_type));
    INFO(j.body);
    CHECK(j.status == 200);
    CHECK(count() == 2);
}

TEST_CASE("the template downloads and uploads as it is", "[integration][agency]") {
    auto t = http_get("/v1/agency/import/template.csv");
    REQUIRE(t.status == 200);
    CHECK(t.headers["content-type"].rfind("text/csv", 0) == 0);
    CHECK(t.body.rfind("\xEF\xBB\xBFref,title,", 0) == 0);
    auto a = make_agency("13101");
    auto dry = http_request("POST", "/v1/agency/import?dry_run=true", t.body, a.auth({{"Content-Type", "text/csv"}}));
    INFO(dry.body);
    REQUIRE(dry.status == 200);
    CHECK(json::parse(dry.body).at("valid") == 1);
}

TEST_CASE("upload limits: body size, rows, and requests per token", "[integration][agency]") {
    auto a = make_agency("13101");
    const std::string huge(9 << 20, 'x');
    auto big = http_request("POST", "/v1/agency/import", huge, a.auth({{"Content-Type", "text/csv"}}));
    CHECK(big.status == 413);
    CHECK(problem_type(big) == "/problems/body-too-large");
    std::string many = csv_header;
    for (int i = 0; i < 5001; ++i) many += "r" + std::to_string(i) + ",t,,,,13101,,,,,,,,,\r\n";
    auto rows = http_request("POST", "/v1/agency/import?dry_run=true", many, a.auth({{"Content-Type", "text/csv"}}));
    CHECK(rows.status == 400);
    CHECK(problem_type(rows) == "/problems/too-many-rows");

    auto b = make_agency("13101");
    long last = 0;
    std::map<std::string, std::string> headers;
    for (int i = 0; i < 200 && last != 429; ++i) {
        auto r = http_request("POST", "/v1/programmes", "{}", b.auth(json_type));
        last = r.status;
        headers = r.headers;
    }
    CHECK(last == 429);
    CHECK(std::stoi(headers["retry-after"]) >= 1);
    // Another token is not affected.
    CHECK(http_request("POST", "/v1/programmes", "{}", a.auth(json_type)).status == 400);
}

TEST_CASE("failed authentications from one address are limited, then every token from there waits", "[integration][agency]") {
    ServerProcess server({{"DATABASE_URL", db_url() + "?application_name=policymap-it-auth-failures"},
                          {"POLICYMAP_AUTH_FAILURES", "5"},
                          {"POLICYMAP_PORT", "0"}});
    const auto agency = make_agency("13101");
    const std::string create = server.base() + "/v1/programmes";
    const std::map<std::string, std::string> wrong = {{"Authorization", "Bearer pm_wrong_token_0000000000000000"},
                                                       {"Content-Type", "application/json"}};
    // A right token before any failure goes through.
    auto ok = http_request("POST", create, programme("13101").dump(), agency.auth({{"Content-Type", "application/json"}}));
    REQUIRE(ok.status == 201);
    for (int i = 0; i < 5; ++i) {
        auto r = http_request("POST", create, programme("13101").dump(), wrong);
        INFO("attempt " << i << ": " << r.body);
        CHECK(r.status == 401);
    }
    auto limited = http_request("POST", create, programme("13101").dump(), wrong);
    CHECK(limited.status == 429);
    CHECK(limited.headers["content-type"] == "application/problem+json");
    CHECK(nlohmann::json::parse(limited.body)["type"].get<std::string>().find("too-many-failed-attempts") !=
          std::string::npos);
    REQUIRE(limited.headers.count("retry-after") == 1);
    CHECK(std::stoi(limited.headers["retry-after"]) >= 1);
    // Guessing right now does not get in either: the address waits, whatever the token.
    auto right = http_request("POST", create, programme("13101").dump(), agency.auth({{"Content-Type", "application/json"}}));
    CHECK(right.status == 429);
    // Reading needs no token and is not limited.
    CHECK(http_get(server.base() + "/v1/programmes?area=13101&limit=1").status == 200);
}
