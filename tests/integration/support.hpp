#pragma once

#include <nlohmann/json.hpp>
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace policymap::test {

struct HttpResult {
    long status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
};

// Reads what the harness left in $POLICYMAP_IT_STATE; fails the test loudly when absent.
std::string state_file(const std::string& name);
std::string base_url();  // "http://127.0.0.1:PORT/" without the trailing slash
std::string db_url();
std::string data_dir();

// The rows of a CSV file (UTF-8 with a BOM, RFC 4180 quoting) as column -> text,
// read by the tests' own small parser (not the product's).
std::vector<std::map<std::string, std::string>> read_csv_rows(const std::string& path);

// Today's date in Japan, "YYYY-MM-DD" (Mirasapo's publication window is in JST days).
std::string today_jst();

// The programmes ("source:source_id") that a lookup in an area reaching
// `codes` (the area and its ancestors, "JP" included) should list, computed
// from the data's own gold files: the last jGrants snapshot's records, and the
// last Mirasapo snapshot's rows inside their publication window today.
std::set<std::string> expected_programmes(const std::set<std::string>& codes);

// What `got` has beyond `expected` and what it lacks, for a readable failure.
std::string set_difference_text(const std::set<std::string>& got, const std::set<std::string>& expected);

// `path` is relative to the harness server, or a full http:// URL (another server).
HttpResult http_get(const std::string& path, const std::map<std::string, std::string>& headers = {});
HttpResult http_request(const std::string& method, const std::string& path, const std::string& body = "",
                        const std::map<std::string, std::string>& headers = {});

// A path inside $POLICYMAP_IT_STATE.
std::string state_file_path(const std::string& name);

}  // namespace policymap::test

namespace policymap::test {

struct CommandResult {
    int status = -1;
    std::string out;  // stdout
};

// Runs the policymap binary with the harness's POLICYMAP_HOME (so it attaches
// to the running server's cluster); stderr goes to the test log.
CommandResult run_policymap(const std::string& args);

// run_policymap for commands whose stdout is JSON (the agency commands):
// returns stdout; throws when the command fails, with its stderr in the message.
std::string run_cli(const std::string& args);

// `stem` with a suffix no other test run or call uses.
std::string unique(const std::string& stem);

// An agency made with `policymap agency create` and a token of its own.
struct Agency {
    std::int64_t id = 0;
    std::int64_t token_id = 0;
    std::string token;
    [[nodiscard]] std::map<std::string, std::string> auth(std::map<std::string, std::string> extra = {}) const;
};

// `areas_or_admin`: "13,13101" (the areas it acts on) or "admin".
Agency make_agency(const std::string& areas_or_admin);

// The JSON body of a new programme in `area` with a title no other uses.
nlohmann::json programme(const std::string& area, const std::string& status = "published");

// Another `policymap serve` (on a free port: --port 0 unless `env` sets
// POLICYMAP_PORT), with `env` on top of this process's environment; stopped
// with SIGTERM and reaped when destroyed.
class ServerProcess {
public:
    explicit ServerProcess(const std::map<std::string, std::string>& env);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // "http://127.0.0.1:PORT" without the trailing slash.
    [[nodiscard]] const std::string& base() const { return m_base; }
    // SIGKILL, as a crash would, and reap it.
    void kill_now();

private:
    pid_t m_pid = -1;
    std::filesystem::path m_out;
    std::string m_base;
};

}  // namespace policymap::test
