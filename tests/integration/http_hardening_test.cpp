// Hostile and malformed HTTP spoken over raw TCP to the harness server:
// oversized headers and bodies, broken framing, unknown methods, path tricks,
// huge queries, pipelining, HEAD, slow clients, metrics and the log.
#include "support.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

using namespace policymap::test;

namespace {

int server_port() {
    const std::string url = base_url();
    return std::stoi(url.substr(url.rfind(':') + 1));
}

class Conn {
public:
    Conn() {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(server_port()));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    }
    ~Conn() { ::close(m_fd); }
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;

    // False when the server closed or reset the connection.
    bool send(const std::string& data) {
        std::size_t off = 0;
        while (off < data.size()) {
            const auto n = ::send(m_fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
            if (n <= 0) return false;
            off += static_cast<std::size_t>(n);
        }
        return true;
    }
    // Everything until the server closes or `timeout` passes.
    std::string read_all(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        std::string out;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (true) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
            char buf[65536];
            const auto n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0) {
                m_closed = true;
                break;
            }
            out.append(buf, static_cast<std::size_t>(n));
        }
        return out;
    }
    [[nodiscard]] bool closed() const { return m_closed; }

private:
    int m_fd = -1;
    bool m_closed = false;
};

int status_of(const std::string& response) {
    if (response.rfind("HTTP/1.1 ", 0) != 0) return 0;
    return std::stoi(response.substr(9, 3));
}

std::string header_of(const std::string& response, const std::string& name) {
    std::smatch m;
    if (std::regex_search(response, m, std::regex("\r\n" + name + ": ([^\r]*)\r\n", std::regex::icase))) return m[1];
    return {};
}

nlohmann::json body_json(const std::string& response) {
    return nlohmann::json::parse(response.substr(response.find("\r\n\r\n") + 4));
}

int count_responses(const std::string& all) {
    int n = 0;
    for (std::size_t at = all.find("HTTP/1.1 "); at != std::string::npos; at = all.find("HTTP/1.1 ", at + 1)) ++n;
    return n;
}

std::string exchange(const std::string& request) {
    Conn c;
    c.send(request);
    return c.read_all();
}

}  // namespace

TEST_CASE("oversized headers get 431 problem+json and the connection closes", "[http][hardening]") {
    Conn c;
    c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(40000, 'a') + "\r\n\r\n");
    const auto r = c.read_all();
    CHECK(status_of(r) == 431);
    CHECK(header_of(r, "Content-Type") == "application/problem+json");
    CHECK(body_json(r)["type"] == "/problems/header-too-large");
    CHECK(count_responses(r) == 1);
    CHECK(c.closed());
}

TEST_CASE("an oversized body gets 413 before it is read", "[http][hardening]") {
    Conn c;
    c.send("POST /v1/agency/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 999999999\r\n\r\nabc");
    const auto r = c.read_all();
    CHECK(status_of(r) == 413);
    CHECK(body_json(r)["type"] == "/problems/body-too-large");
    CHECK(c.closed());
}

TEST_CASE("a negative Content-Length is a 400 problem, not a 500", "[http][hardening]") {
    const auto r = exchange("POST /v1/programmes HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n");
    CHECK(status_of(r) == 400);
    CHECK(header_of(r, "Content-Type") == "application/problem+json");
    CHECK(body_json(r)["type"] == "/problems/malformed-request");
}

TEST_CASE("unknown and disallowed methods get problem+json", "[http][hardening]") {
    const auto unknown = exchange("BREW /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(status_of(unknown) == 501);
    CHECK(body_json(unknown)["type"] == "/problems/method-not-implemented");
    const auto wrong = exchange("DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(status_of(wrong) == 405);
    CHECK(header_of(wrong, "Allow") == "GET, HEAD");
    const auto garbage = exchange("G\x01T / HTTP/1.1\r\n\r\n");
    CHECK(status_of(garbage) == 400);
}

TEST_CASE("path tricks are refused with a 400 naming the path", "[http][hardening]") {
    for (const std::string path : {"/v1/areas/%00", "/%C0%AE%C0%AE/etc/passwd", "/tiles/..%2f..%2fetc%2fpasswd",
                                   "/v1/areas/%zz", "/fonts/a/%ED%A0%80"}) {
        INFO(path);
        const auto r = exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        CHECK(status_of(r) == 400);
        const auto body = body_json(r);
        CHECK(body["type"] == "/problems/invalid-path");
        CHECK(body["errors"][0]["field"] == "path");
    }
    const auto absolute = exchange("GET http://evil/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(status_of(absolute) == 400);
}

TEST_CASE("a 100 kB query string gets a clean answer", "[http][hardening]") {
    // Past the header limit: 431; the server stays up for the next request.
    const auto big = exchange("GET /v1/programmes?q=" + std::string(100000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(status_of(big) == 431);
    const auto next = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(status_of(next) == 200);
}

TEST_CASE("pipelined requests all get their answers, in order", "[http][hardening]") {
    Conn c;
    c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: pipe-1\r\n\r\n"
           "GET /v1/areas/13 HTTP/1.1\r\nHost: x\r\nX-Request-Id: pipe-2\r\n\r\n"
           "GET /nothing-here HTTP/1.1\r\nHost: x\r\nX-Request-Id: pipe-3\r\nConnection: close\r\n\r\n");
    const auto all = c.read_all();
    CHECK(count_responses(all) == 3);
    const auto a = all.find("pipe-1"), b = all.find("pipe-2"), d = all.find("pipe-3");
    CHECK(a < b);
    CHECK(b < d);
    CHECK(d != std::string::npos);
}

namespace {

// The chunks of a chunked body (RFC 9112 7.1), and the trailer after them.
struct Chunked {
    std::vector<std::string> chunks;
    std::string trailer;
    std::size_t end = std::string::npos;  // just past the message
};

Chunked parse_chunked(const std::string& all, std::size_t body_start) {
    Chunked out;
    std::size_t at = body_start;
    for (;;) {
        const auto eol = all.find("\r\n", at);
        if (eol == std::string::npos) return out;
        const auto size = std::stoul(all.substr(at, eol - at), nullptr, 16);
        at = eol + 2;
        if (size == 0) {
            const auto end = all.find("\r\n\r\n", at - 2);
            if (end == std::string::npos) return out;
            out.trailer = all.substr(at, end + 2 - at);
            out.end = end + 4;
            return out;
        }
        out.chunks.push_back(all.substr(at, size));
        at += size + 2;
    }
}

}  // namespace

TEST_CASE("an export streams in chunks with its row count in the trailer, and the connection goes on", "[http][hardening][export]") {
    Conn c;
    c.send("GET /v1/areas?format=csv HTTP/1.1\r\nHost: x\r\nX-Request-Id: export-1\r\n\r\n"
           "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: after-export\r\nConnection: close\r\n\r\n");
    const auto all = c.read_all(std::chrono::milliseconds(30000));
    REQUIRE(status_of(all) == 200);
    const auto head_end = all.find("\r\n\r\n");
    const std::string head = all.substr(0, head_end + 4);
    CHECK(header_of(head, "Transfer-Encoding") == "chunked");
    CHECK(header_of(head, "Content-Length").empty());
    const auto body = parse_chunked(all, head_end + 4);
    REQUIRE(body.end != std::string::npos);
    // 1,969 areas in batches of 500: one chunk a batch.
    CHECK(body.chunks.size() >= 4);
    std::string csv;
    for (const auto& piece : body.chunks) csv += piece;
    std::size_t lines = 0;
    for (std::size_t i = csv.find("\r\n"); i != std::string::npos; i = csv.find("\r\n", i + 2)) ++lines;
    std::smatch m;
    REQUIRE(std::regex_search(body.trailer, m, std::regex("X-Row-Count: ([0-9]+)\r\n", std::regex::icase)));
    CHECK(std::stoul(m[1]) == lines - 1);  // every line but the header is a row
    // The next answer on the same connection follows the last chunk.
    const std::string rest = all.substr(body.end);
    CHECK(status_of(rest) == 200);
    CHECK(header_of(rest, "X-Request-Id") == "after-export");
    // The request log has the export once it has been sent: every body byte, not cut off.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::ifstream in(state_file_path("server.log"));
    std::string line;
    int found = 0;
    while (std::getline(in, line)) {
        if (line.find("\"export-1\"") == std::string::npos) continue;
        const auto j = nlohmann::json::parse(line);
        if (j.value("msg", "") != "request" || j.value("request_id", "") != "export-1") continue;
        ++found;
        CHECK(j["bytes"] == csv.size());
        CHECK(j["route"] == "/v1/areas");
        CHECK_FALSE(j.contains("cut_off"));
    }
    CHECK(found >= 1);
}

TEST_CASE("an export to an HTTP/1.0 client is sent whole and the connection closes", "[http][hardening][export]") {
    Conn c;
    c.send("GET /v1/areas?format=csv&q=%E5%BA%9C%E4%B8%AD HTTP/1.0\r\nHost: x\r\n\r\n");
    const auto all = c.read_all(std::chrono::milliseconds(30000));
    CHECK(all.rfind("HTTP/1.0 200", 0) == 0);
    CHECK(header_of(all, "Transfer-Encoding").empty());
    const std::string body = all.substr(all.find("\r\n\r\n") + 4);
    CHECK(body.rfind("\xEF\xBB\xBF" "code,name,", 0) == 0);
    CHECK(body.find("13206,府中市") != std::string::npos);
    CHECK(c.closed());
}

TEST_CASE("repeated purpose keys give the union, like a comma-separated list", "[http][hardening]") {
    const auto enc = [](const std::string& text) {
        std::string out;
        char buf[4];
        for (unsigned char c : text) {
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
        return out;
    };
    const std::string p1 = enc("新たな事業を行いたい"), p2 = enc("事業を引き継ぎたい");
    const auto repeated = http_get("/v1/programmes?limit=100&purpose=" + p1 + "&purpose=" + p2);
    const auto listed = http_get("/v1/programmes?limit=100&purpose=" + p1 + "," + p2);
    const auto first = http_get("/v1/programmes?limit=100&purpose=" + p1);
    REQUIRE(repeated.status == 200);
    REQUIRE(listed.status == 200);
    const auto total = [](const std::string& body) { return nlohmann::json::parse(body)["total"]; };
    CHECK(total(repeated.body) == total(listed.body));
    CHECK(total(repeated.body) != total(first.body));
}

TEST_CASE("HEAD answers the GET's Content-Length without a body", "[http][hardening]") {
    Conn c;
    c.send("HEAD /styles/policymap.json HTTP/1.1\r\nHost: x\r\n\r\n"
           "GET /styles/policymap.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const auto all = c.read_all();
    REQUIRE(count_responses(all) == 2);
    const auto second = all.find("HTTP/1.1 ", 1);
    const auto head = all.substr(0, second);
    const auto get = all.substr(second);
    CHECK(status_of(head) == 200);
    CHECK(head.size() == head.find("\r\n\r\n") + 4);  // nothing after the headers
    const auto length = header_of(head, "Content-Length");
    CHECK(std::stoul(length) > 100);
    CHECK(length == header_of(get, "Content-Length"));
}

TEST_CASE("security headers and the request id are on every answer", "[http][hardening]") {
    const auto ok = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123\r\nConnection: close\r\n\r\n");
    CHECK(header_of(ok, "X-Content-Type-Options") == "nosniff");
    CHECK(header_of(ok, "Referrer-Policy") == "strict-origin-when-cross-origin");
    CHECK(!header_of(ok, "Date").empty());
    CHECK(header_of(ok, "X-Request-Id") == "abc-123");
    CHECK(header_of(ok, "Server").empty());
    CHECK(header_of(ok, "Access-Control-Allow-Origin").empty());  // no CORS unless configured
    // An insane incoming id is replaced, and the problem names the id sent back.
    const auto bad = exchange("GET /nothing HTTP/1.1\r\nHost: x\r\nX-Request-Id: <script>\r\nConnection: close\r\n\r\n");
    const auto id = header_of(bad, "X-Request-Id");
    CHECK(id.find('<') == std::string::npos);
    CHECK(body_json(bad)["request_id"] == id);
    const auto page = exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    if (status_of(page) == 200) CHECK(!header_of(page, "Content-Security-Policy").empty());
}

TEST_CASE("a slow client is dropped after the read timeout while others are served", "[http][hardening]") {
    // The harness runs the server with POLICYMAP_HTTP_READ_TIMEOUT=2.
    Conn slow;
    const auto started = std::chrono::steady_clock::now();
    std::thread trickle([&] {
        const std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(40, 'a') + "\r\n\r\n";
        for (char ch : req) {
            if (!slow.send(std::string(1, ch))) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
            if (std::chrono::steady_clock::now() - started > std::chrono::seconds(6)) break;
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto t0 = std::chrono::steady_clock::now();
    const auto other = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(status_of(other) == 200);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
    const auto got = slow.read_all(std::chrono::milliseconds(5000));
    trickle.join();
    CHECK(slow.closed());
    CHECK(status_of(got) == 0);  // dropped without an answer
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

TEST_CASE("/metrics counts requests by route and status", "[http][hardening][metrics]") {
    const auto value = [](const std::string& text, const std::string& series) {
        for (std::istringstream in(text); !in.eof();) {
            std::string line;
            std::getline(in, line);
            if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
        }
        return 0.0;
    };
    const std::string tile_series =
        "policymap_http_requests_total{route=\"/tiles/{layer}/{z}/{x}/{y}.mvt\",method=\"GET\",status=\"200\"}";
    const auto before = http_get("/metrics");
    REQUIRE(before.status == 200);
    CHECK(before.headers.at("content-type").rfind("text/plain; version=0.0.4", 0) == 0);
    for (int i = 0; i < 3; ++i) REQUIRE(http_get("/tiles/municipalities/12/3638/1612.mvt").status == 200);
    const auto after = http_get("/metrics").body;
    CHECK(value(after, tile_series) - value(before.body, tile_series) == 3);
    CHECK(value(after, "policymap_tile_cache_hits_total") >= value(before.body, "policymap_tile_cache_hits_total") + 2);
    CHECK(after.find("policymap_http_request_duration_seconds_bucket{route=\"/tiles/{layer}/{z}/{x}/{y}.mvt\",le=\"+Inf\"}") !=
          std::string::npos);
    CHECK(value(after, "policymap_db_pool_size") >= 1);
    CHECK(value(after, "policymap_import_snapshots{source=\"jgrants\"}") >= 1);
    CHECK(value(after, "policymap_programmes{source=\"jgrants\",status=\"published\"}") > 0);
    // Raw paths never become labels.
    CHECK(after.find("3638/1612") == std::string::npos);
}

TEST_CASE("the server log is JSON lines and never shows tokens, SQL or connection strings", "[http][hardening][log]") {
    const std::string token = "pmt_leakcheck_0123456789abcdef0123456789abcdef";
    http_get("/v1/agency/me", {{"Authorization", "Bearer " + token}});
    http_request("PUT", "/v1/programmes/1", "{\"title\": \"x\"}", {{"Authorization", "Bearer " + token}});
    http_get("/v1/programmes?q=%27%3B%20SELECT%201--");
    http_get("/v1/areas/%27%20OR%201%3D1");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::ifstream in(state_file_path("server.log"));
    std::string line;
    int lines = 0;
    int requests = 0;
    while (std::getline(in, line)) {
        ++lines;
        INFO(line);
        CHECK(line.find(token) == std::string::npos);
        CHECK(line.find("SELECT") == std::string::npos);
        CHECK(line.find("postgresql://") == std::string::npos);
        CHECK(line.find("password=") == std::string::npos);
        const auto j = nlohmann::json::parse(line);  // throws on a non-JSON line
        CHECK(j.contains("ts"));
        CHECK(j.contains("level"));
        if (j.value("msg", "") == "request") {
            ++requests;
            CHECK(j.contains("request_id"));
            CHECK(j.contains("route"));
            CHECK(j.contains("status"));
            CHECK(j.contains("duration_ms"));
        }
    }
    CHECK(lines > 0);
    CHECK(requests >= 4);
}
