#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <random>
#include <thread>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace policymap::test {

namespace {

size_t on_body(char* ptr, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(ptr, size * n);
    return size * n;
}

size_t on_header(char* ptr, size_t size, size_t n, void* user) {
    std::string line(ptr, size * n);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ')) value.erase(value.begin());
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
        (*static_cast<std::map<std::string, std::string>*>(user))[name] = value;
    }
    return size * n;
}

std::string current_test_name() {
    try {
        return Catch::getResultCapture().getCurrentTestName();
    } catch (...) {
        return {};
    }
}

// Appends one line per response to $POLICYMAP_IT_STATE/responses.jsonl, which the
// ctest test `contract_responses` validates against api/openapi.yaml after the
// integration tests ran. JSON bodies are kept; other bodies only by their size.
void record_response(const std::string& method, const std::string& url, const HttpResult& result) {
    const char* dir = std::getenv("POLICYMAP_IT_STATE");
    if (dir == nullptr) return;
    nlohmann::json line;
    line["test"] = current_test_name();
    line["method"] = method;
    const auto scheme = url.find("://");
    const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    line["target"] = slash == std::string::npos ? std::string("/") : url.substr(slash);
    line["status"] = result.status;
    line["headers"] = result.headers;  // every header: the spec may require any of them
    line["body_bytes"] = result.body.size();
    const auto type = result.headers.find("content-type");
    const bool json_body = type != result.headers.end() && type->second.find("json") != std::string::npos &&
                           result.headers.count("content-encoding") == 0;
    if (json_body) line["body"] = result.body;
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    // O_APPEND and one write per line: lines stay whole when tests send from several threads.
    const int fd = ::open((std::string(dir) + "/responses.jsonl").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error(std::string("cannot record the response in ") + dir + "/responses.jsonl");
    const auto written = ::write(fd, text.data(), text.size());
    ::close(fd);
    if (written != static_cast<ssize_t>(text.size())) throw std::runtime_error("short write to responses.jsonl");
}

}  // namespace

std::string state_file(const std::string& name) {
    const char* dir = std::getenv("POLICYMAP_IT_STATE");
    if (dir == nullptr) throw std::runtime_error("POLICYMAP_IT_STATE is not set: run through ctest (the harness starts the server)");
    std::ifstream in(std::string(dir) + "/" + name);
    if (!in) throw std::runtime_error(std::string("harness state missing: ") + dir + "/" + name);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<std::map<std::string, std::string>> read_csv_rows(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string data = buffer.str();
    if (data.rfind("\xEF\xBB\xBF", 0) == 0) data.erase(0, 3);
    std::vector<std::vector<std::string>> records(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const char c = data[i];
        if (quoted) {
            if (c == '"' && i + 1 < data.size() && data[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            records.back().push_back(field);
            field.clear();
        } else if (c == '\n') {
            records.back().push_back(field);
            field.clear();
            records.emplace_back();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.empty() || !records.back().empty()) records.back().push_back(field);
    if (records.back().empty()) records.pop_back();
    std::vector<std::map<std::string, std::string>> rows;
    for (std::size_t r = 1; r < records.size(); ++r) {
        if (records[r].size() != records[0].size()) throw std::runtime_error(path + ": ragged row " + std::to_string(r));
        std::map<std::string, std::string> row;
        for (std::size_t c = 0; c < records[0].size(); ++c) row[records[0][c]] = records[r][c];
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string set_difference_text(const std::set<std::string>& got, const std::set<std::string>& expected) {
    std::string extra, missing;
    for (const auto& g : got) {
        if (expected.count(g) == 0) extra += " " + g;
    }
    for (const auto& e : expected) {
        if (got.count(e) == 0) missing += " " + e;
    }
    return "extra:" + extra + "\nmissing:" + missing;
}

std::string today_jst() {
    const std::time_t now = std::time(nullptr) + 9 * 3600;
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::set<std::string> expected_programmes(const std::set<std::string>& codes) {
    std::set<std::string> out;
    const auto reaches = [&](const nlohmann::json& gold_entry) {
        for (const auto& area : gold_entry.at("areas")) {
            if (codes.count(area.get<std::string>()) != 0) return true;
        }
        return false;
    };
    std::ifstream jgold_in(data_dir() + "/jgrants/areas-gold.json");
    std::ifstream snap_in(data_dir() + "/jgrants/jgrants-2026-08-20.json");
    const auto jgold = nlohmann::json::parse(jgold_in).at("programmes");
    const auto snapshot = nlohmann::json::parse(snap_in);  // kept alive: the loop walks into it
    for (const auto& rec : snapshot.at("subsidies")) {
        const auto id = rec.at("id").get<std::string>();
        if (reaches(jgold.at(id))) out.insert("jgrants:" + id);
    }
    std::ifstream mgold_in(data_dir() + "/mirasapo/areas-gold.json");
    const auto mgold = nlohmann::json::parse(mgold_in).at("programmes");
    const std::string today = today_jst();
    for (const auto& row : read_csv_rows(data_dir() + "/mirasapo/supports-2023-10-01.csv")) {
        const auto& from = row.at("publish_date");
        const auto& until = row.at("unpublish_date");
        const bool published = (from.empty() || from <= today) && (until.empty() || today <= until);
        if (published && reaches(mgold.at(row.at("id")))) out.insert("mirasapo:" + row.at("id"));
    }
    return out;
}

std::string state_file_path(const std::string& name) {
    const char* dir = std::getenv("POLICYMAP_IT_STATE");
    if (dir == nullptr) throw std::runtime_error("POLICYMAP_IT_STATE is not set: run through ctest");
    return std::string(dir) + "/" + name;
}

std::string base_url() {
    auto url = state_file("server.url");
    while (!url.empty() && (url.back() == '\n' || url.back() == '/')) url.pop_back();
    return url;
}

std::string db_url() { return nlohmann::json::parse(state_file("db.json")).at("url").get<std::string>(); }

std::string data_dir() {
    const char* d = std::getenv("POLICYMAP_DATA");
    return d != nullptr && *d != '\0' ? std::string(d) : std::string(POLICYMAP_DEFAULT_DATA);
}

HttpResult http_request(const std::string& method, const std::string& path, const std::string& body,
                        const std::map<std::string, std::string>& headers) {
    HttpResult result;
    CURL* curl = curl_easy_init();
    std::string url = path.rfind("http://", 0) == 0 ? path : base_url() + path;
    curl_slist* list = nullptr;
    for (const auto& [k, v] : headers) list = curl_slist_append(list, (k + ": " + v).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    if (!body.empty()) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        list = curl_slist_append(list, "Expect:");  // no 100-continue round trip for large bodies
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(list);
    if (rc != CURLE_OK) {
        curl_easy_cleanup(curl);
        throw std::runtime_error("HTTP " + method + " " + url + " failed: " + curl_easy_strerror(rc));
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
    curl_easy_cleanup(curl);
    record_response(method, url, result);
    return result;
}

std::string run_cli(const std::string& args) {
    const std::string err_file = state_file_path("cli.stderr");
    auto r = run_policymap(args + " 2>'" + err_file + "'");
    if (r.status != 0) {
        std::ifstream err(err_file);
        std::ostringstream text;
        text << err.rdbuf();
        throw std::runtime_error("policymap " + args + " failed (" + std::to_string(r.status) + "): " + text.str());
    }
    return r.out;
}

HttpResult http_get(const std::string& path, const std::map<std::string, std::string>& headers) {
    return http_request("GET", path, "", headers);
}

}  // namespace policymap::test

namespace policymap::test {

CommandResult run_policymap(const std::string& args) {
    const char* bin = std::getenv("POLICYMAP_BIN");
    if (bin == nullptr) throw std::runtime_error("POLICYMAP_BIN is not set: run through ctest");
    auto home = state_file("home");
    while (!home.empty() && home.back() == '\n') home.pop_back();
    std::string cmd = "env -u DATABASE_URL POLICYMAP_HOME='" + home + "' '" + bin + "' " + args;
    CommandResult r;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) throw std::runtime_error("cannot run " + cmd);
    char buf[4096];
    std::size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int status = pclose(p);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string unique(const std::string& stem) {
    static std::atomic<int> n{0};
    static const auto run = std::to_string(std::random_device{}() % 1000000);
    return stem + "-" + run + "-" + std::to_string(n++);
}

std::map<std::string, std::string> Agency::auth(std::map<std::string, std::string> extra) const {
    extra["Authorization"] = "Bearer " + token;
    return extra;
}

Agency make_agency(const std::string& areas_or_admin) {
    Agency a;
    const std::string name = unique("agency");
    const std::string flags = areas_or_admin == "admin" ? "--admin" : "--areas " + areas_or_admin;
    a.id = nlohmann::json::parse(run_cli("agency create --name '" + name + "' " + flags)).at("id").get<std::int64_t>();
    auto t = nlohmann::json::parse(run_cli("agency token " + std::to_string(a.id)));
    a.token_id = t.at("token_id").get<std::int64_t>();
    a.token = t.at("token").get<std::string>();
    return a;
}

nlohmann::json programme(const std::string& area, const std::string& status) {
    return {{"title", unique("テスト補助金")},
            {"areas", {area}},
            {"purposes", {"設備整備・IT導入をしたい"}},
            {"max_amount", 1000000},
            {"acceptance_start", "2026-04-01"},
            {"acceptance_end", "2027-03-31"},
            {"url", "https://www.example.lg.jp/hojo"},
            {"status", status}};
}

ServerProcess::ServerProcess(const std::map<std::string, std::string>& env) {
    const char* bin = std::getenv("POLICYMAP_BIN");
    if (bin == nullptr) throw std::runtime_error("POLICYMAP_BIN is not set: run through ctest");
    m_out = std::filesystem::temp_directory_path() / ("pm-" + unique("server") + "-" + std::to_string(::getpid()) + ".out");
    std::fflush(nullptr);  // or the child's freopen writes out what this process has buffered
    m_pid = ::fork();
    if (m_pid < 0) throw std::runtime_error("fork failed");
    if (m_pid == 0) {
        for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
        if (std::freopen(m_out.c_str(), "w", stdout) == nullptr || std::freopen("/dev/null", "w", stderr) == nullptr) {
            std::_Exit(126);
        }
        if (env.count("POLICYMAP_PORT") != 0) {
            ::execl(bin, bin, "serve", static_cast<char*>(nullptr));
        } else {
            ::execl(bin, bin, "serve", "--port", "0", static_cast<char*>(nullptr));
        }
        std::_Exit(127);
    }
    for (int i = 0; i < 300 && m_base.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        std::ifstream in(m_out);
        std::string line;
        while (std::getline(in, line)) {
            auto at = line.find("listening on ");
            if (at != std::string::npos) m_base = line.substr(at + 13);
        }
    }
    while (!m_base.empty() && m_base.back() == '/') m_base.pop_back();
    if (m_base.empty()) {
        kill_now();
        throw std::runtime_error("a second policymap serve did not start within 30 s");
    }
}

void ServerProcess::kill_now() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

ServerProcess::~ServerProcess() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
    std::error_code ec;
    std::filesystem::remove(m_out, ec);
}

}  // namespace policymap::test
