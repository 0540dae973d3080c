#include "http/access_log.hpp"

#include "metrics/registry.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/formatter.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>

namespace policymap::http {

namespace {

std::atomic<bool> g_json{false};

// Marks a message that is already a JSON object (without its closing brace
// checked): the formatter splices its members into the line.
constexpr char k_structured = '\x1f';

std::string json_string(std::string_view text) {
    return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class JsonFormatter final : public spdlog::formatter {
public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const auto since_epoch = msg.time.time_since_epoch();
        const auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
        const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - secs).count();
        const std::time_t t = static_cast<std::time_t>(secs.count());
        std::tm tm{};
        gmtime_r(&t, &tm);
        char ts[64];
        std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                      tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
        const auto level = spdlog::level::to_string_view(msg.level);
        std::string line = std::string("{\"ts\":\"") + ts + "\",\"level\":\"" + std::string(level.data(), level.size()) + "\",";
        const std::string_view payload(msg.payload.data(), msg.payload.size());
        if (!payload.empty() && payload.front() == k_structured) {
            line.append(payload.substr(2));  // the object's members after its '{'
        } else {
            line += "\"msg\":" + json_string(payload) + "}";
        }
        line += '\n';
        dest.append(line.data(), line.data() + line.size());
    }
    [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

std::string method_label(const std::string& method) {
    for (const char* m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
        if (method == m) return method;
    }
    return "other";
}

}  // namespace

void use_json_logs() {
    g_json = true;
    spdlog::set_formatter(std::make_unique<JsonFormatter>());
}

std::string access_log_json(const Exchange& x) {
    nlohmann::json j{{"msg", "request"},
                     {"request_id", x.request.request_id},
                     {"method", x.request.method.substr(0, 16)},
                     {"route", x.route},
                     {"path", x.request.path.substr(0, 256)},
                     {"status", x.response.status},
                     {"duration_ms", std::round(x.duration_ms * 1000) / 1000},
                     {"bytes", x.bytes}};
    if (x.cut_off) j["cut_off"] = true;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ExchangeObserver observe_exchanges(metrics::Registry& registry) {
    registry.declare("policymap_http_requests_total", metrics::Type::counter,
                     "HTTP requests answered, by route template, method and status");
    registry.declare("policymap_http_request_duration_seconds", metrics::Type::histogram,
                     "Time from a request read to its answer ready (a streamed body: to its last byte), by route template");
    registry.declare("policymap_http_response_bytes_total", metrics::Type::counter,
                     "Response body bytes sent, by route template");
    return [&registry](const Exchange& x) {
        const std::string status = std::to_string(x.response.status);
        registry.add("policymap_http_requests_total",
                     {{"route", x.route}, {"method", method_label(x.request.method)}, {"status", status}});
        registry.observe("policymap_http_request_duration_seconds", {{"route", x.route}}, x.duration_ms / 1000.0);
        registry.add("policymap_http_response_bytes_total", {{"route", x.route}}, static_cast<double>(x.bytes));
        if (g_json) {
            spdlog::info("{}{}", k_structured, access_log_json(x));
        } else {
            spdlog::info("{} {} {} {:.1f}ms {}B id={}{}", x.request.method.substr(0, 16), x.request.path.substr(0, 256),
                         x.response.status, x.duration_ms, x.bytes, x.request.request_id, x.cut_off ? " cut-off" : "");
        }
    };
}

}  // namespace policymap::http
