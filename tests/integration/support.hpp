#pragma once

#include <map>
#include <string>

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

HttpResult http_get(const std::string& path, const std::map<std::string, std::string>& headers = {});
HttpResult http_request(const std::string& method, const std::string& path, const std::string& body = "",
                        const std::map<std::string, std::string>& headers = {});

// Runs the policymap binary with `args` (shell words, quoted by the caller)
// against the harness's database (POLICYMAP_HOME = the harness home,
// DATABASE_URL unset). Returns its stdout; throws when it exits non-zero,
// with its stderr in the message.
std::string run_cli(const std::string& args);

}  // namespace policymap::test
