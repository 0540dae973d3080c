#include "http/agency_handlers.hpp"

#include "auth/agency_store.hpp"
#include "core/error.hpp"
#include "http/json_response.hpp"
#include "http/problem.hpp"
#include "http/rate_limiter.hpp"
#include "programmes/csv.hpp"
#include "programmes/programme_editor.hpp"
#include "text/encoding.hpp"
#include "text/normalize.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

namespace policymap::http {

namespace {

// Agency answers are private to the token that asked: never stored by a cache.
Response private_json(const nlohmann::json& body, int status = 200) {
    Response r = json_response(body, status);
    r.set("Cache-Control", "no-store");
    return r;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
    return s;
}

void require_services(const AgencyServices& s) {
    if (s.agencies == nullptr || s.editor == nullptr) {
        throw core::Error(core::ErrorKind::unavailable, "editing-unavailable", "agency editing is not enabled on this server");
    }
}

// The agency behind the bearer token. Throws unauthenticated (401) when
// missing, malformed, unknown or revoked.
programmes::Editor authenticate_token(const Request& request, const AgencyServices& s);

programmes::Editor authenticate(const Request& request, const AgencyServices& s) {
    require_services(s);
    // Guessing tokens from one address is slowed down: past the allowance of
    // failed attempts, every attempt from there waits, right or wrong.
    const auto address = static_cast<std::int64_t>(std::hash<std::string>{}(request.peer));
    if (s.auth_failures != nullptr) {
        if (const int wait = s.auth_failures->wait(address); wait > 0) {
            core::Error e(core::ErrorKind::rate_limited, "too-many-failed-attempts",
                          "too many failed authentications from this address; try again in " + std::to_string(wait) +
                              " s");
            e.set_retry_after(wait);
            throw e;
        }
    }
    try {
        return authenticate_token(request, s);
    } catch (const core::Error& e) {
        if (e.kind() == core::ErrorKind::unauthenticated && s.auth_failures != nullptr) s.auth_failures->take(address);
        throw;
    }
}

programmes::Editor authenticate_token(const Request& request, const AgencyServices& s) {
    auto header = request.header("authorization");
    if (!header || trim(*header).empty()) {
        throw core::Error(core::ErrorKind::unauthenticated, "missing-token",
                          "send Authorization: Bearer <token> (policymap agency token AGENCY_ID issues one)");
    }
    const std::string h = trim(*header);
    if (h.size() < 7 || lower(h.substr(0, 7)) != "bearer ") {
        throw core::Error(core::ErrorKind::unauthenticated, "missing-token", "the Authorization scheme must be Bearer");
    }
    auto p = s.agencies->authenticate(trim(h.substr(7)));
    programmes::Editor e;
    e.agency_id = p.agency_id;
    e.agency_name = p.agency_name;
    e.token_id = p.token_id;
    e.admin = p.admin;
    e.granted = p.granted;
    e.reach = p.reach;
    e.request_id = request.request_id;
    return e;
}

// 429 with Retry-After when the token has used up its allowance; nullopt to go on.
std::optional<Response> rate_limited(const Request& request, const AgencyServices& s, const programmes::Editor& e) {
    if (s.limiter == nullptr) return std::nullopt;
    const int wait = s.limiter->take(e.token_id);
    if (wait == 0) return std::nullopt;
    auto r = problem_response(core::Error(core::ErrorKind::rate_limited, "rate-limited",
                                          "too many requests with this token; retry after " + std::to_string(wait) + " s"),
                              request.request_id);
    r.set("Retry-After", std::to_string(wait));
    return r;
}

void check_size(const Request& request, std::size_t limit) {
    if (request.body.size() > limit) {
        throw core::Error(core::ErrorKind::too_large, "body-too-large",
                          "the request body is " + std::to_string(request.body.size()) + " bytes; at most " +
                              std::to_string(limit) + " are accepted",
                          {{"body", std::to_string(request.body.size()), "larger than " + std::to_string(limit) + " bytes"}});
    }
}

// The media type and charset of Content-Type ("text/csv; charset=Shift_JIS").
// A request body as JSON, or invalid-json naming where it is malformed, or
// that it holds a number beyond a double (1E400), which nlohmann reports as
// out_of_range rather than parse_error.
nlohmann::json parse_json_text(const std::string& body) {
    try {
        return nlohmann::json::parse(body);
    } catch (const nlohmann::json::parse_error& e) {
        core::throw_invalid("invalid-json", "the body is not valid JSON (UTF-8)",
                            {{"body", "byte " + std::to_string(e.byte), "malformed JSON here"}});
    } catch (const nlohmann::json::out_of_range&) {
        core::throw_invalid("invalid-json", "the body holds a number too large to read",
                            {{"body", "", "a number is beyond the range of a double"}});
    }
}

std::pair<std::string, std::string> content_type(const Request& request) {
    const std::string ct = request.header("content-type").value_or("");
    std::string type = lower(trim(ct.substr(0, ct.find(';'))));
    std::string charset;
    auto pos = lower(ct).find("charset=");
    if (pos != std::string::npos) charset = trim(ct.substr(pos + 8, ct.find(';', pos) == std::string::npos ? std::string::npos : ct.find(';', pos) - pos - 8));
    return {type, charset};
}

nlohmann::json parse_json_body(const Request& request) {
    auto [type, charset] = content_type(request);
    // curl -d sends application/x-www-form-urlencoded unless told otherwise: read it as JSON too.
    if (!type.empty() && type != "application/json" && type != "application/merge-patch+json" &&
        type != "application/x-www-form-urlencoded") {
        core::throw_invalid("unsupported-media-type", "send the programme as application/json",
                            {{"Content-Type", type.substr(0, 80), "expected application/json"}});
    }
    return parse_json_text(request.body);
}

Response programme_response(const programmes::EditResult& r, int status) {
    auto resp = private_json(r.programme, status);
    resp.set("ETag", programme_etag(r.id, r.version));
    resp.set("Location", "/v1/programmes/" + std::to_string(r.id));
    return resp;
}

// Header names of the upload, as in the template or as offices label them.
std::optional<std::string> column_field(const std::string& header) {
    static const std::map<std::string, std::string> aliases = {
        {"ref", "ref"},           {"整理番号", "ref"},       {"管理番号", "ref"},
        {"title", "title"},       {"制度名", "title"},       {"名称", "title"},         {"タイトル", "title"},
        {"catch_phrase", "catch_phrase"},                    {"キャッチフレーズ", "catch_phrase"},
        {"summary", "summary"},   {"概要", "summary"},
        {"institution_name", "institution_name"},            {"実施機関", "institution_name"},
        {"areas", "areas"},       {"対象地域", "areas"},     {"地域", "areas"},
        {"purposes", "purposes"}, {"利用目的", "purposes"},  {"目的", "purposes"},
        {"industries", "industries"},                        {"業種", "industries"},
        {"employees", "employees"},                          {"従業員数", "employees"},
        {"max_amount", "max_amount"},                        {"補助上限額", "max_amount"}, {"上限額", "max_amount"},
        {"rate", "rate"},         {"補助率", "rate"},
        {"acceptance_start", "acceptance_start"},            {"受付開始日", "acceptance_start"}, {"受付開始", "acceptance_start"},
        {"acceptance_end", "acceptance_end"},                {"受付終了日", "acceptance_end"}, {"締切", "acceptance_end"},
        {"受付終了", "acceptance_end"},
        {"url", "url"},
        {"status", "status"},     {"状態", "status"},
    };
    std::string key = lower(text::match_form(header));
    auto it = aliases.find(key);
    if (it == aliases.end()) return std::nullopt;
    return it->second;
}

std::vector<programmes::ImportRow> rows_from_csv(const Request& request, const std::string& charset, std::string& encoding) {
    auto decoded = text::decode_text(request.body, charset);
    encoding = decoded.encoding;
    std::vector<programmes::CsvProblem> problems;
    auto records = programmes::parse_csv(decoded.utf8, problems);
    if (records.empty()) {
        core::throw_invalid("empty-upload", "the CSV has no header row", {{"body", "", "empty"}});
    }
    std::vector<core::FieldProblem> header_problems;
    std::vector<std::optional<std::string>> fields;
    std::map<std::string, int> seen;
    for (const auto& h : records[0].cells) {
        auto f = column_field(h);
        if (!f && !text::match_form(h).empty()) header_problems.push_back({"header", h.substr(0, 80), "unknown column; see GET /v1/agency/import/template.csv"});
        if (f && seen[*f]++ > 0) header_problems.push_back({"header", h.substr(0, 80), "column given twice"});
        fields.push_back(f);
    }
    for (const char* needed : {"title", "areas"}) {
        if (seen.count(needed) == 0) header_problems.push_back({"header", "", std::string("the column ") + needed + " is required"});
    }
    if (!header_problems.empty()) core::throw_invalid("invalid-upload", "the header row cannot be used", header_problems);
    std::vector<programmes::ImportRow> rows;
    for (std::size_t i = 1; i < records.size(); ++i) {
        const auto& rec = records[i];
        programmes::ImportRow row;
        row.row = i + 1;
        if (!rec.problem.empty()) {
            row.unreadable = "line " + std::to_string(rec.line) + ": " + rec.problem;
        } else {
            std::size_t used = rec.cells.size();
            while (used > fields.size() && rec.cells[used - 1].empty()) --used;
            if (used != fields.size() && used > fields.size()) {
                row.unreadable = "line " + std::to_string(rec.line) + ": " + std::to_string(used) +
                                 " cells but the header has " + std::to_string(fields.size()) +
                                 " columns (a comma inside a value needs quotes)";
            }
            row.doc = nlohmann::json::object();
            for (std::size_t c = 0; c < fields.size() && c < rec.cells.size(); ++c) {
                if (fields[c]) row.doc[*fields[c]] = rec.cells[c];
            }
        }
        rows.push_back(std::move(row));
    }
    for (const auto& p : problems) {
        programmes::ImportRow row;
        row.row = records.size() + 1;
        row.unreadable = "line " + std::to_string(p.line) + ": " + p.message;
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<programmes::ImportRow> rows_from_json(const Request& request) {
    const nlohmann::json doc = parse_json_text(request.body);
    if (!doc.is_array()) core::throw_invalid("invalid-upload", "a JSON upload is an array of programmes", {{"body", "", "not an array"}});
    std::vector<programmes::ImportRow> rows;
    for (std::size_t i = 0; i < doc.size(); ++i) rows.push_back({i + 1, doc[i], ""});
    return rows;
}

}  // namespace

std::string programme_etag(std::int64_t id, int version) {
    return "\"p" + std::to_string(id) + "-v" + std::to_string(version) + "\"";
}

std::optional<int> parse_if_match(const std::optional<std::string>& header, std::int64_t id) {
    if (!header) return std::nullopt;
    const std::string prefix = "\"p" + std::to_string(id) + "-v";
    std::size_t start = 0;
    const std::string& h = *header;
    while (start <= h.size()) {
        auto comma = h.find(',', start);
        std::string tag = trim(h.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (tag == "*") return 0;
        if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
        if (tag.rfind(prefix, 0) == 0 && tag.size() > prefix.size() + 1 && tag.back() == '"') {
            int v = 0;
            const char* b = tag.data() + prefix.size();
            const char* e = tag.data() + tag.size() - 1;
            auto [ptr, ec] = std::from_chars(b, e, v);
            if (ec == std::errc() && ptr == e && v > 0) return v;
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return -1;
}

std::int64_t parse_programme_id(const std::string& segment) {
    std::int64_t id = 0;
    auto [ptr, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), id);
    if (segment.empty() || ec != std::errc() || ptr != segment.data() + segment.size() || id <= 0) {
        core::throw_not_found("programme-not-found", "no programme " + segment.substr(0, 40));
    }
    return id;
}

Response handle_programme_create(const Request& request, const AgencyServices& s) {
    auto editor = authenticate(request, s);
    if (auto limited = rate_limited(request, s, editor)) return *limited;
    check_size(request, s.limits.max_edit_bytes);
    auto result = s.editor->create(editor, parse_json_body(request));
    return programme_response(result, 201);
}

Response handle_programme_update(const Request& request, const AgencyServices& s, std::int64_t id) {
    auto editor = authenticate(request, s);
    if (auto limited = rate_limited(request, s, editor)) return *limited;
    check_size(request, s.limits.max_edit_bytes);
    const auto if_match = parse_if_match(request.header("if-match"), id);
    auto body = parse_json_body(request);
    auto result = request.method == "PATCH" ? s.editor->patch(editor, id, if_match, body)
                                            : s.editor->replace(editor, id, if_match, body);
    auto r = programme_response(result, 200);
    return r;
}

Response handle_programme_withdraw(const Request& request, const AgencyServices& s, std::int64_t id) {
    auto editor = authenticate(request, s);
    if (auto limited = rate_limited(request, s, editor)) return *limited;
    auto result = s.editor->withdraw(editor, id, parse_if_match(request.header("if-match"), id));
    return programme_response(result, 200);
}

Response handle_programme_history(const Request& request, const AgencyServices& s, std::int64_t id) {
    require_services(s);
    std::optional<programmes::Editor> editor;
    if (request.header("authorization")) editor = authenticate(request, s);
    auto versions = s.editor->history(editor ? &*editor : nullptr, id);
    auto r = private_json({{"id", id}, {"versions", versions}});
    return r;
}

Response handle_agency_me(const Request& request, const AgencyServices& s) {
    auto e = authenticate(request, s);
    return private_json({{"agency", {{"id", e.agency_id}, {"name", e.agency_name}, {"admin", e.admin}}},
                          {"token_id", e.token_id},
                          {"areas", e.granted}});
}

Response handle_agency_import(const Request& request, const AgencyServices& s) {
    auto editor = authenticate(request, s);
    if (auto limited = rate_limited(request, s, editor)) return *limited;
    check_size(request, s.limits.max_import_bytes);
    bool dry_run = false;
    if (auto d = request.param("dry_run")) {
        if (*d == "true" || *d == "1") {
            dry_run = true;
        } else if (*d != "false" && *d != "0") {
            core::throw_invalid("invalid-parameter", "dry_run is true or false", {{"dry_run", d->substr(0, 40), "must be true or false"}});
        }
    }
    auto [type, charset] = content_type(request);
    std::vector<programmes::ImportRow> rows;
    std::string encoding = "UTF-8";
    if (type.empty() || type == "application/x-www-form-urlencoded") {
        // No usable type (curl --data-binary without -H): a JSON upload starts with '['.
        auto first = request.body.find_first_not_of(" \t\r\n");
        type = first != std::string::npos && request.body[first] == '[' ? "application/json" : "text/csv";
    }
    if (type == "application/json") {
        rows = rows_from_json(request);
    } else if (type == "text/csv" || type == "application/csv" || type == "text/plain" || type == "application/vnd.ms-excel") {
        rows = rows_from_csv(request, charset, encoding);
    } else {
        core::throw_invalid("unsupported-media-type", "upload text/csv or application/json",
                            {{"Content-Type", type.substr(0, 80), "expected text/csv or application/json"}});
    }
    auto report = s.editor->import(editor, rows, dry_run);
    nlohmann::json errors = nlohmann::json::array();
    bool all_outside = !report.issues.empty();
    for (const auto& i : report.issues) {
        errors.push_back({{"row", i.row}, {"column", i.column}, {"value", i.value}, {"message", i.message}});
        all_outside = all_outside && i.outside;
    }
    nlohmann::json results = nlohmann::json::array();
    std::size_t created = 0;
    std::size_t updated = 0;
    for (const auto& o : report.outcomes) {
        nlohmann::json item{{"row", o.row}, {"action", o.action}, {"ref", o.ref ? nlohmann::json(*o.ref) : nlohmann::json()}};
        if (o.id > 0) item["id"] = o.id;
        if (o.version > 0) item["version"] = o.version;
        results.push_back(item);
        (o.action == "create" ? created : updated) += 1;
    }
    if (dry_run) {
        return private_json({{"dry_run", true},
                              {"encoding", encoding},
                              {"rows", report.rows},
                              {"valid", report.outcomes.size()},
                              {"errors", errors},
                              {"results", results}});
    }
    if (!report.issues.empty()) {
        std::vector<core::FieldProblem> fields;
        for (const auto& i : report.issues) {
            fields.push_back({"rows[" + std::to_string(i.row) + "]" + (i.column.empty() ? "" : "." + i.column), i.value, i.message});
        }
        const std::string detail = std::to_string(report.issues.size()) + " problem(s) in " + std::to_string(report.rows) +
                                   " row(s); nothing was written (try ?dry_run=true for a row-by-row report)";
        throw core::Error(all_outside ? core::ErrorKind::forbidden : core::ErrorKind::invalid_input,
                          all_outside ? "outside-jurisdiction" : "invalid-upload", detail, fields);
    }
    return private_json({{"dry_run", false},
                          {"applied", report.applied},
                          {"encoding", encoding},
                          {"rows", report.rows},
                          {"created", created},
                          {"updated", updated},
                          {"results", results}});
}

Response handle_import_template(const Request&) {
    Response r;
    r.set("Content-Type", "text/csv; charset=utf-8");
    r.set("Content-Disposition", "attachment; filename=\"policymap-template.csv\"");
    r.set("Cache-Control", "public, max-age=3600");
    // A BOM so that Excel opens the UTF-8 file with the right encoding.
    r.body =
        "\xEF\xBB\xBF"
        "ref,title,catch_phrase,summary,institution_name,areas,purposes,industries,employees,max_amount,rate,"
        "acceptance_start,acceptance_end,url,status\r\n"
        "R8-001,令和8年度 中小企業設備導入補助金,省エネ設備の導入を支援します,\"市内の中小企業が行う設備導入の経費の一部を補助します。\n"
        "詳しくは募集要項をご覧ください。\",商工観光課,13101,設備整備・IT導入をしたい / エコ・SDGs活動支援がほしい,"
        "製造業,300名以下,\"1,000,000\",1/2,2026/04/01,令和8年11月30日,https://www.example.lg.jp/hojo/r8-001,published\r\n";
    return r;
}

}  // namespace policymap::http
