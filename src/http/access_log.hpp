#pragma once

#include "http/server.hpp"

#include <string>

namespace policymap::metrics {
class Registry;
}

namespace policymap::http {

// Every log line of the process becomes one JSON object:
// {"ts":"2026-12-04T09:30:00.123Z","level":"info","msg":"..."}; the access
// log's lines carry their fields instead of "msg".
void use_json_logs();

// The access log line of one exchange, as a JSON object: ts and level are
// added by the log; request_id, method, route, path, status, duration_ms, bytes.
std::string access_log_json(const Exchange& exchange);

// Declares the HTTP families in `registry` and returns the observer that
// counts each exchange there (requests by route, method and status; latency
// by route; bytes sent) and writes its access log line at info level.
ExchangeObserver observe_exchanges(metrics::Registry& registry);

}  // namespace policymap::http
