#include "http/server.hpp"

#include "core/error.hpp"
#include "http/problem.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <ctime>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>

namespace policymap::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

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

// An incoming X-Request-Id is kept when it is short and plain (letters,
// digits, - _ . :), so that it can go into logs and headers as it is.
bool sane_request_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == ':';
    });
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + n >= s.size()) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += n + 1;
    }
    return true;
}

[[noreturn]] void invalid_path(const std::string& value, const std::string& why) {
    core::throw_invalid("invalid-path", "the request path " + why, {{"path", value.substr(0, 200), why}});
}

// The decoded path: percent escapes resolved, then refused when it holds
// control bytes, invalid UTF-8 (overlong forms included) or dot segments.
std::string decode_path(std::string_view raw) {
    std::string path;
    try {
        path = percent_decode(raw, false);
    } catch (const core::Error&) {
        invalid_path(std::string(raw), "has a malformed percent-encoding");
    }
    if (std::any_of(path.begin(), path.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
        invalid_path(std::string(raw), "contains control characters");
    }
    if (!valid_utf8(path)) invalid_path(std::string(raw), "is not valid UTF-8");
    std::size_t start = 0;
    while (start < path.size()) {
        auto slash = path.find('/', start);
        auto seg = std::string_view(path).substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (seg == "." || seg == "..") invalid_path(std::string(raw), "contains a dot segment");
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return path;
}

// RFC 9110 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days.at(static_cast<std::size_t>(tm.tm_wday)),
                  tm.tm_mday, months.at(static_cast<std::size_t>(tm.tm_mon)), tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

bool known_method(std::string_view m) {
    return m == "GET" || m == "HEAD" || m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE" || m == "OPTIONS";
}

const std::string k_no_route = "-";

}  // namespace

class Session;

struct Server::Impl {
    // A constructor, not aggregate initialisation: clang 14 (the fuzz build) has no
    // parenthesised aggregate initialisation.
    Impl(ServerSettings s, const Router& r, ExchangeObserver o)
        : settings(std::move(s)), router(r), observer(std::move(o)) {}

    ServerSettings settings;
    const Router& router;
    ExchangeObserver observer;

    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> live_sessions{0};
    std::atomic<std::size_t> busy_sessions{0};  // with a request being handled or answered
    std::atomic<int> running_threads{0};         // worker threads not yet returned from run()
    std::mutex sessions_mutex;
    std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions;
    std::uint64_t next_session = 0;

    // Declared last: destroyed first, with the handlers (and sessions) it still holds.
    std::optional<net::io_context> ioc;
    std::optional<tcp::acceptor> acceptor;
    std::vector<std::thread> threads;

    void accept();
};

// The client's address, for limits kept per address; empty when unknown.
std::string peer_of(const tcp::socket& socket) {
    beast::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    return ec ? std::string() : endpoint.address().to_string();
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, Server::Impl& server) : m_peer(peer_of(socket)), m_stream(std::move(socket)), m_server(server) {
        ++m_server.live_sessions;
    }
    ~Session() {
        {
            std::lock_guard lock(m_server.sessions_mutex);
            m_server.sessions.erase(m_id);
        }
        if (m_busy) --m_server.busy_sessions;
        --m_server.live_sessions;
    }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void start(std::uint64_t id) {
        m_id = id;
        net::dispatch(m_stream.get_executor(), [self = shared_from_this()] { self->read(); });
    }

    // On stop: a connection between requests is closed now; one with a
    // request in flight closes after its answer.
    void close_if_idle() {
        net::post(m_stream.get_executor(), [self = shared_from_this()] {
            if (!self->m_busy) self->close();
        });
    }

private:
    void set_busy(bool busy) {
        if (busy == m_busy) return;
        m_busy = busy;
        if (busy) ++m_server.busy_sessions;
        else --m_server.busy_sessions;
    }

    void read() {
        if (m_server.stopping) return close();
        m_parser.emplace();
        m_parser->header_limit(static_cast<std::uint32_t>(m_server.settings.max_header_bytes));
        m_parser->body_limit(m_server.settings.max_request_bytes);
        m_stream.expires_after(m_server.settings.read_timeout);
        bhttp::async_read(m_stream, m_buffer, *m_parser,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
            ec == bhttp::error::partial_message) {
            return close();
        }
        if (ec) {
            if (ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) return close();
            const std::string id = new_request_id();
            Response r;
            if (ec == bhttp::error::header_limit) {
                r = protocol_problem(431, "header-too-large",
                                     "the request line and headers exceed " +
                                         std::to_string(m_server.settings.max_header_bytes) + " bytes",
                                     id);
            } else if (ec == bhttp::error::body_limit) {
                r = problem_response(core::Error(core::ErrorKind::too_large, "body-too-large",
                                                 "the request body exceeds " +
                                                     std::to_string(m_server.settings.max_request_bytes) + " bytes"),
                                     id);
            } else {
                r = problem_response(core::Error(core::ErrorKind::invalid_input, "malformed-request",
                                                 "not a valid HTTP/1.1 request: " + ec.message()),
                                     id);
            }
            Request none;
            none.request_id = id;
            none.method = m_parser->is_header_done() ? std::string(m_parser->get().method_string()) : "";
            return respond(none, std::move(r), k_no_route, std::chrono::steady_clock::now(), false, 11);
        }
        set_busy(true);
        const auto started = std::chrono::steady_clock::now();
        auto& msg = m_parser->get();
        const bool keep_alive = msg.keep_alive();
        const unsigned version = msg.version();
        Request req;
        const auto incoming = msg["X-Request-Id"];
        const std::string_view incoming_id(incoming.data(), incoming.size());
        req.request_id = sane_request_id(incoming_id) ? std::string(incoming_id) : new_request_id();
        req.method = std::string(msg.method_string());
        req.peer = m_peer;
        Response resp;
        std::string route = k_no_route;
        try {
            if (m_server.stopping) {
                resp = problem_response(core::Error(core::ErrorKind::unavailable, "shutting-down", "the server is shutting down"),
                                        req.request_id);
            } else if (!known_method(req.method)) {
                resp = protocol_problem(501, "method-not-implemented",
                                        "the method " + req.method.substr(0, 16) +
                                            " is not implemented; use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS",
                                        req.request_id);
            } else {
                const std::string_view target(msg.target().data(), msg.target().size());
                if (target.empty() || target.front() != '/') {
                    invalid_path(std::string(target), "must start with /");
                }
                const auto q = target.find('?');
                req.path = decode_path(target.substr(0, q));
                if (q != std::string_view::npos) req.query = parse_query(target.substr(q + 1));
                for (const auto& field : msg) {
                    const std::string_view name(field.name_string().data(), field.name_string().size());
                    const std::string value(field.value().data(), field.value().size());
                    auto [it, fresh] = req.headers.try_emplace(lower(name), value);
                    if (!fresh) it->second += ", " + value;
                }
                req.body = std::move(msg.body());
                route = Router::route_template(req.path);
                resp = m_server.router.handle(req);
            }
        } catch (const core::Error& e) {
            resp = problem_response(e, req.request_id);
        } catch (const std::exception& e) {
            spdlog::error("request {} failed: {}", req.request_id, e.what());
            resp = problem_response(core::Error(core::ErrorKind::internal, "internal", "internal error"), req.request_id);
        }
        respond(req, std::move(resp), route, started, keep_alive, version);
    }

    void respond(const Request& req, Response resp, const std::string& route,
                 std::chrono::steady_clock::time_point started, bool keep_alive, unsigned version) {
        const bool head = req.method == "HEAD";
        keep_alive = keep_alive && !m_server.stopping;
        if (resp.stream && !head && resp.status != 204 && resp.status != 304) {
            return respond_streamed(req, std::move(resp), route, started, keep_alive, version);
        }
        auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(resp.status),
                                                                          version);
        std::optional<std::string> head_length;
        for (const auto& [name, value] : resp.headers) {
            if (beast::iequals(name, "content-length")) {
                head_length = value;
                continue;
            }
            res->insert(name, value);
        }
        set_common_headers(*res, req.request_id);
        const std::size_t bytes = head ? 0 : resp.body.size();
        if (head) {
            // The router keeps the length of the body a GET would have had.
            if (head_length && resp.status != 204 && resp.status != 304) res->set(bhttp::field::content_length, *head_length);
        } else {
            if (resp.status == 204 || resp.status == 304) resp.body.clear();
            res->body() = resp.body;
            res->prepare_payload();
        }
        res->keep_alive(keep_alive);
        observe(req, resp, route, started, bytes, false);
        m_stream.expires_after(m_server.settings.write_timeout);
        if (head) {
            auto sr = std::make_shared<bhttp::response_serializer<bhttp::string_body>>(*res);
            bhttp::async_write_header(m_stream, *sr,
                                      [self = shared_from_this(), res, sr, keep_alive](beast::error_code ec, std::size_t) {
                                          self->on_write(ec, keep_alive);
                                      });
        } else {
            bhttp::async_write(m_stream, *res, [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
                self->on_write(ec, keep_alive);
            });
        }
    }

    // A streamed answer in progress: what the observer needs once it ends.
    struct Streamed {
        Request request;
        Response response;  // status and headers; the stream itself is `body`
        std::string route;
        std::chrono::steady_clock::time_point started;
        std::shared_ptr<BodyStream> body;
        bool keep_alive = false;
        bool chunked = false;
        std::size_t bytes = 0;
    };

    // A body made while it is sent: the header first, then each piece as a
    // chunk (HTTP/1.1) or as raw bytes on a connection that closes at the end
    // (HTTP/1.0), then the last chunk with the stream's trailer. The exchange
    // is observed (logged, counted) when the body has ended, with its bytes
    // and whole duration, or when it was cut off.
    void respond_streamed(const Request& req, Response resp, const std::string& route,
                          std::chrono::steady_clock::time_point started, bool keep_alive, unsigned version) {
        auto st = std::make_shared<Streamed>();
        st->chunked = version >= 11;
        st->keep_alive = keep_alive && st->chunked;
        auto res = std::make_shared<bhttp::response<bhttp::empty_body>>(static_cast<bhttp::status>(resp.status), version);
        for (const auto& [name, value] : resp.headers) {
            if (beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding")) continue;
            if (!st->chunked && beast::iequals(name, "trailer")) continue;  // no trailer without chunks
            res->insert(name, value);
        }
        set_common_headers(*res, req.request_id);
        if (st->chunked) res->chunked(true);
        res->keep_alive(st->keep_alive);
        st->body = std::move(resp.stream);
        st->request = req;
        st->response = std::move(resp);
        st->route = route;
        st->started = started;
        auto sr = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*res);
        m_stream.expires_after(m_server.settings.write_timeout);
        bhttp::async_write_header(m_stream, *sr, [self = shared_from_this(), res, sr, st](beast::error_code ec, std::size_t) {
            if (ec) return self->end_streamed(st, ec);
            self->write_piece(st);
        });
    }

    void write_piece(const std::shared_ptr<Streamed>& st) {
        std::optional<std::string> piece;
        try {
            piece = st->body->next();
        } catch (const std::exception& e) {
            spdlog::error("request {}: streamed body failed after its header was sent: {}", st->request.request_id,
                          e.what());
            return end_streamed(st, net::error::operation_aborted);
        }
        m_stream.expires_after(m_server.settings.write_timeout);
        if (!piece) {
            if (!st->chunked) return end_streamed(st, {});
            auto trailer = std::make_shared<bhttp::fields>();
            for (const auto& [name, value] : st->body->trailers()) trailer->set(name, value);
            auto last = std::make_shared<bhttp::chunk_last<bhttp::fields>>(*trailer);
            net::async_write(m_stream, *last, [self = shared_from_this(), trailer, last, st](beast::error_code ec, std::size_t) {
                self->end_streamed(st, ec);
            });
            return;
        }
        auto data = std::make_shared<std::string>(std::move(*piece));
        auto next = [self = shared_from_this(), data, st](beast::error_code ec, std::size_t) {
            if (ec) return self->end_streamed(st, ec);
            st->bytes += data->size();
            self->write_piece(st);
        };
        if (st->chunked) {
            net::async_write(m_stream, bhttp::make_chunk(net::buffer(*data)), std::move(next));
        } else {
            net::async_write(m_stream, net::buffer(*data), std::move(next));
        }
    }

    void end_streamed(const std::shared_ptr<Streamed>& st, beast::error_code ec) {
        observe(st->request, st->response, st->route, st->started, st->bytes, bool(ec));
        on_write(ec, st->keep_alive);
    }

    // The headers every answer carries.
    template <class Message>
    static void set_common_headers(Message& res, const std::string& request_id) {
        res.set("X-Request-Id", request_id);
        res.set("X-Content-Type-Options", "nosniff");
        res.set("Referrer-Policy", "strict-origin-when-cross-origin");
        res.set(bhttp::field::date, http_date());
    }

    // Hands the exchange to the observer (request log, metrics); its failure
    // is logged, never passed on.
    void observe(const Request& req, const Response& resp, const std::string& route,
                 std::chrono::steady_clock::time_point started, std::size_t bytes, bool cut_off) {
        if (!m_server.observer) return;
        const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        try {
            m_server.observer(Exchange{req, resp, route, ms, bytes, cut_off});
        } catch (const std::exception& e) {
            spdlog::error("request {}: observer failed: {}", req.request_id, e.what());
        }
    }

    void on_write(beast::error_code ec, bool keep_alive) {
        set_busy(false);
        if (ec) return close();
        if (!keep_alive) return linger_close();
        read();
    }

    // Half-closes, then reads away what the client still sends (briefly), so
    // that an answer to an oversized request is not lost to a reset.
    void linger_close() {
        beast::error_code ec;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ec) return close();
        m_stream.expires_after(std::chrono::seconds(2));
        drain();
    }

    void drain() {
        m_stream.async_read_some(net::buffer(m_scratch), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->close();
            self->drain();
        });
    }

    void close() {
        beast::error_code ec;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ec);
        m_stream.close();
    }

    std::string m_peer;

    beast::tcp_stream m_stream;
    Server::Impl& m_server;
    std::uint64_t m_id = 0;
    beast::flat_buffer m_buffer;
    std::optional<bhttp::request_parser<bhttp::string_body>> m_parser;
    std::array<char, 4096> m_scratch{};
    bool m_busy = false;
};

void Server::Impl::accept() {
    acceptor->async_accept(net::make_strand(*ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || stopping) return;
        if (!ec) {
            beast::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            auto session = std::make_shared<Session>(std::move(socket), *this);
            std::uint64_t id = 0;
            {
                std::lock_guard lock(sessions_mutex);
                id = ++next_session;
                sessions.emplace(id, session);
            }
            session->start(id);
        } else {
            spdlog::warn("accept failed: {}", ec.message());
        }
        accept();
    });
}

Server::Server(ServerSettings settings, const Router& router, ExchangeObserver observer)
    : m_impl(std::make_unique<Impl>(std::move(settings), router, std::move(observer))) {}

Server::~Server() { stop(); }

std::uint16_t Server::start() {
    auto& s = m_impl->settings;
    try {
        m_impl->ioc.emplace(std::max(1, s.threads));
        m_impl->acceptor.emplace(net::make_strand(*m_impl->ioc));
        const tcp::endpoint endpoint(net::ip::make_address(s.host), s.port);
        m_impl->acceptor->open(endpoint.protocol());
        m_impl->acceptor->set_option(net::socket_base::reuse_address(true));
        m_impl->acceptor->bind(endpoint);
        m_impl->acceptor->listen(net::socket_base::max_listen_connections);
    } catch (const std::exception& e) {
        m_impl->acceptor.reset();
        m_impl->ioc.reset();
        throw core::Error(core::ErrorKind::unavailable, "cannot-listen",
                          "cannot listen on " + s.host + ":" + std::to_string(s.port) + ": " + e.what());
    }
    const auto port = m_impl->acceptor->local_endpoint().port();
    m_impl->accept();
    for (int i = 0; i < std::max(1, s.threads); ++i) {
        ++m_impl->running_threads;
        m_impl->threads.emplace_back([impl = m_impl.get()] {
            for (;;) {
                try {
                    impl->ioc->run();
                    break;
                } catch (const std::exception& e) {
                    spdlog::error("HTTP thread: {}", e.what());
                }
            }
            --impl->running_threads;
        });
    }
    return port;
}

bool Server::stop(std::chrono::milliseconds deadline_after) {
    if (!m_impl || !m_impl->ioc || m_impl->threads.empty()) return true;
    m_impl->stopping = true;
    net::post(m_impl->acceptor->get_executor(), [impl = m_impl.get()] {
        beast::error_code ec;
        impl->acceptor->close(ec);
    });
    std::vector<std::shared_ptr<Session>> open;
    {
        std::lock_guard lock(m_impl->sessions_mutex);
        for (auto& [id, weak] : m_impl->sessions) {
            if (auto s = weak.lock()) open.push_back(std::move(s));
        }
    }
    for (auto& s : open) s->close_if_idle();
    open.clear();
    const auto deadline = std::chrono::steady_clock::now() + deadline_after;
    while (m_impl->busy_sessions > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const std::size_t left = m_impl->busy_sessions;
    if (left > 0) spdlog::warn("stopping with {} requests still in flight after {} ms", left, deadline_after.count());
    m_impl->ioc->stop();
    // A thread stuck in a handler cannot be joined: after 2 s more it is
    // left behind, with the server's state, for the process to exit.
    const auto join_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (m_impl->running_threads > 0 && std::chrono::steady_clock::now() < join_deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (m_impl->running_threads > 0) {
        spdlog::error("{} worker threads are stuck in a request; leaving them to the process exit",
                      m_impl->running_threads.load());
        for (auto& t : m_impl->threads) t.detach();
        m_impl->threads.clear();
        m_abandoned = true;
        (void)m_impl.release();  // the stuck threads still use it
        return false;
    }
    for (auto& t : m_impl->threads) t.join();
    m_impl->threads.clear();
    m_impl->acceptor.reset();
    m_impl->ioc.reset();
    return left == 0;
}

}  // namespace policymap::http
