#include "http/server.hpp"

#include "core/error.hpp"
#include "http/problem.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <random>
#include <thread>

namespace policymap::http {

namespace {

std::string new_request_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    static constexpr char digits[] = "0123456789abcdef";
    std::string id(16, '0');
    auto v = rng();
    for (auto& c : id) {
        c = digits[v & 0xF];
        v >>= 4;
    }
    return id;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Pistache 0.0.5 drops Header::Raw from responses; a typed header with a
// run-time name is written like any other.
class NamedHeader : public Pistache::Http::Header::Header {
public:
    NamedHeader(std::string name, std::string value) : m_name(std::move(name)), m_value(std::move(value)) {}
    const char* name() const override { return m_name.c_str(); }
    void parse(const std::string& data) override { m_value = data; }
    void write(std::ostream& os) const override { os << m_value; }
    std::uint64_t hash() const override { return Pistache::Http::Header::detail::hash(m_name.c_str()); }

private:
    std::string m_name;
    std::string m_value;
};

// Requests being handled, and whether the server is stopping.
struct Activity {
    std::atomic<int> in_flight{0};
    std::atomic<bool> draining{false};
};

class PistacheHandler : public Pistache::Http::Handler {
public:
    HTTP_PROTOTYPE(PistacheHandler)

    explicit PistacheHandler(const Router* router = nullptr, std::shared_ptr<Activity> activity = nullptr)
        : m_router(router), m_activity(std::move(activity)) {}

    void onRequest(const Pistache::Http::Request& preq, Pistache::Http::ResponseWriter writer) override {
        const auto started = std::chrono::steady_clock::now();
        ++m_activity->in_flight;
        struct Done {
            Activity& a;
            ~Done() { --a.in_flight; }
        } done{*m_activity};
        Request req;
        req.request_id = new_request_id();
        req.method = Pistache::Http::methodString(preq.method());
        Response resp;
        if (m_activity->draining) {
            resp = problem_response(core::Error(core::ErrorKind::unavailable, "shutting-down", "the server is shutting down"),
                                    req.request_id);
            resp.set("X-Request-Id", req.request_id);
            for (const auto& [name, value] : resp.headers) {
                if (lower(name) == "content-type") writer.headers().add<Pistache::Http::Header::ContentType>(value);
                else writer.headers().add(std::make_shared<NamedHeader>(name, value));
            }
            writer.headers().add<Pistache::Http::Header::Connection>(Pistache::Http::ConnectionControl::Close);
            writer.send(static_cast<Pistache::Http::Code>(resp.status), resp.body);
            return;
        }
        try {
            req.path = percent_decode(preq.resource(), false);
            // Pistache keeps the query in a map (repeats lost, order lost); rebuild it in order of names.
            for (auto it = preq.query().parameters_begin(); it != preq.query().parameters_end(); ++it) {
                req.query.emplace_back(percent_decode(it->first, true), percent_decode(it->second, true));
            }
            for (const auto& [name, value] : preq.headers().rawList()) req.headers[lower(name)] = value.value();
            req.body = preq.body();
            resp = m_router->handle(req);
        } catch (const core::Error& e) {
            // A path or query that cannot even be decoded never reaches the router.
            resp = problem_response(e, req.request_id);
            resp.set("X-Request-Id", req.request_id);
        }
        for (const auto& [name, value] : resp.headers) {
            if (lower(name) == "content-type") {
                writer.headers().add<Pistache::Http::Header::ContentType>(value);
            } else {
                writer.headers().add(std::make_shared<NamedHeader>(name, value));
            }
        }
        // Pistache answers "Connection: Close" to HTTP/1.1 requests that do not ask
        // for keep-alive explicitly (wrk, curl, browsers rely on the 1.1 default).
        if (preq.version() == Pistache::Http::Version::Http11) {
            auto conn = preq.headers().tryGet<Pistache::Http::Header::Connection>();
            if (!conn || conn->control() != Pistache::Http::ConnectionControl::Close) {
                writer.headers().remove<Pistache::Http::Header::Connection>();
                writer.headers().add<Pistache::Http::Header::Connection>(Pistache::Http::ConnectionControl::KeepAlive);
            }
        }
        const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        spdlog::debug("{} {} {} {:.1f}ms id={}", req.method, req.path, resp.status, ms, req.request_id);
        writer.send(static_cast<Pistache::Http::Code>(resp.status), resp.body);
    }

private:
    const Router* m_router;
    std::shared_ptr<Activity> m_activity;
};

}  // namespace

struct Server::Impl {
    ServerSettings settings;
    const Router& router;
    std::unique_ptr<Pistache::Http::Endpoint> endpoint;
    std::shared_ptr<Activity> activity = std::make_shared<Activity>();
};

Server::Server(ServerSettings settings, const Router& router)
    : m_impl(std::make_unique<Impl>(Impl{std::move(settings), router, nullptr, std::make_shared<Activity>()})) {}

Server::~Server() { stop(); }

std::uint16_t Server::start() {
    try {
        Pistache::Address addr(m_impl->settings.host, Pistache::Port(m_impl->settings.port));
        m_impl->endpoint = std::make_unique<Pistache::Http::Endpoint>(addr);
        auto opts = Pistache::Http::Endpoint::options()
                        .threads(m_impl->settings.threads)
                        .flags(Pistache::Tcp::Options::ReuseAddr)
                        .maxRequestSize(m_impl->settings.max_request_bytes)
                        .maxResponseSize(64 << 20);
        m_impl->endpoint->init(opts);
        auto handler = std::make_shared<PistacheHandler>(&m_impl->router, m_impl->activity);
        m_impl->endpoint->setHandler(handler);
        m_impl->endpoint->serveThreaded();
        return static_cast<std::uint16_t>(m_impl->endpoint->getPort());
    } catch (const std::exception& e) {
        throw core::Error(core::ErrorKind::unavailable, "cannot-listen",
                          "cannot listen on " + m_impl->settings.host + ":" + std::to_string(m_impl->settings.port) +
                              ": " + e.what());
    }
}

bool Server::stop(std::chrono::milliseconds deadline) {
    if (!m_impl || !m_impl->endpoint) return true;
    Activity& activity = *m_impl->activity;
    activity.draining = true;
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (activity.in_flight > 0 && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const int left = activity.in_flight;
    if (left > 0) spdlog::warn("stopping with {} requests still in flight after {} ms", left, deadline.count());
    m_impl->endpoint->shutdown();
    m_impl->endpoint.reset();
    return left == 0;
}

}  // namespace policymap::http
