#pragma once

#include "http/router.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace policymap::http {

struct ServerSettings {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  // 0 = any free port
    int threads = 4;
    std::size_t max_request_bytes = 1 << 20;
};

// The Pistache endpoint around a Router. Pistache types stay in server.cpp.
class Server {
public:
    Server(ServerSettings settings, const Router& router);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts serving on background threads; returns the bound port.
    // Throws core::Error(unavailable) when the address cannot be bound.
    std::uint16_t start();
    // Graceful stop: new requests are refused (503 problem, connection
    // closed), requests in flight get until `deadline` to finish, then the
    // endpoint closes. Returns false when some were still running then.
    bool stop(std::chrono::milliseconds deadline = std::chrono::milliseconds(0));

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace policymap::http
