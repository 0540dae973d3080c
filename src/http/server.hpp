#pragma once

#include "http/router.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace policymap::http {

struct ServerSettings {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  // 0 = any free port
    int threads = 4;
    std::size_t max_request_bytes = 1 << 20;  // body; above it: 413 and the connection is closed
    std::size_t max_header_bytes = 16 << 10;  // request line and headers; above it: 431 and close
    // A request (line, headers and body) must arrive within this time, and an
    // idle keep-alive connection is closed after it: slow clients are dropped.
    std::chrono::milliseconds read_timeout{10000};
    std::chrono::milliseconds write_timeout{30000};
};

// What the server reports for every answered request (the access log and the
// metrics): route is the router's template for the path, bounded in number.
struct Exchange {
    const Request& request;
    const Response& response;
    const std::string& route;
    double duration_ms = 0;   // until the answer was ready, or a streamed body had been sent
    std::size_t bytes = 0;    // body bytes sent
    bool cut_off = false;     // a streamed body ended early (failure, client gone): status was already sent
};
using ExchangeObserver = std::function<void(const Exchange&)>;

// The HTTP/1.1 endpoint around a Router (Boost.Beast; its types stay in
// server.cpp). Connections are read asynchronously on `threads` I/O threads,
// which also run the handlers; keep-alive and pipelining are kept, HEAD
// answers carry the GET's Content-Length. Protocol problems (oversized
// headers or body, malformed requests, unknown methods) are answered with
// problem+json and the connection is closed.
class Server {
public:
    Server(ServerSettings settings, const Router& router, ExchangeObserver observer = {});
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts serving on background threads; returns the bound port.
    // Throws core::Error(unavailable) when the address cannot be bound.
    std::uint16_t start();
    // Graceful stop: stops accepting, closes idle connections, answers
    // requests read from now on with a 503 problem (connection closed), lets
    // requests in flight finish until `deadline` has passed, then closes
    // everything and joins the threads. Returns false when some were still
    // running then.
    bool stop(std::chrono::milliseconds deadline = std::chrono::milliseconds(0));

    // After stop(): true when a worker thread was still inside a handler 2 s
    // after the deadline (stuck in a library call that no timeout reaches).
    // Such threads are detached and the server's state is left to them: the
    // process must then exit without destroying what the handlers use
    // (std::_Exit after releasing what must be released).
    [[nodiscard]] bool abandoned_threads() const { return m_abandoned; }

    struct Impl;  // public only so that server.cpp's connections can name it

private:
    std::unique_ptr<Impl> m_impl;
    bool m_abandoned = false;
};

}  // namespace policymap::http
