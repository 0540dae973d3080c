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

// `path` is relative to the harness server, or a full http:// URL (another server).
HttpResult http_get(const std::string& path, const std::map<std::string, std::string>& headers = {});
HttpResult http_request(const std::string& method, const std::string& path, const std::string& body = "",
                        const std::map<std::string, std::string>& headers = {});

}  // namespace policymap::test

namespace policymap::test {

struct CommandResult {
    int status = -1;
    std::string out;  // stdout
};

// Runs the policymap binary with the harness's POLICYMAP_HOME (so it attaches
// to the running server's cluster); stderr goes to the test log.
CommandResult run_policymap(const std::string& args);

}  // namespace policymap::test
