#include "integration/support.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cctype>
#include <cstdlib>
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
    if (!body.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
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
    return result;
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

}  // namespace policymap::test
