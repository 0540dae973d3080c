// http/ owns everything HTTP: the Boost.Beast server, routing, parsing of
// paths, queries and bodies into typed requests, problem+json, static files.
// It depends on core, tiles and programmes; nothing below it knows HTTP.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace policymap::http {

// A request as the router sees it, independent of the HTTP library so that handlers
// can be tested in-process.
struct Request {
    std::string method;
    std::string path;                                         // percent-decoded, without the query
    std::vector<std::pair<std::string, std::string>> query;   // decoded, in order, repeats kept
    std::map<std::string, std::string> headers;               // lower-case names
    std::string body;
    std::string request_id;
    std::string peer;  // the client's address ("127.0.0.1"); empty in-process

    [[nodiscard]] std::optional<std::string> header(const std::string& lower_name) const;
    // The value of a query parameter given once; throws core::Error(invalid_input)
    // when it is repeated.
    [[nodiscard]] std::optional<std::string> param(const std::string& name) const;
};

// A body produced piece by piece while it is sent (exports), so that
// memory holds one piece, not the whole answer. The server sends it with
// chunked transfer encoding (close-delimited to an HTTP/1.0 client).
class BodyStream {
public:
    virtual ~BodyStream() = default;
    // The next piece, never empty, or nullopt after the last one. May throw:
    // the server then closes the connection without the final chunk, so that
    // the client sees an incomplete transfer, not a short file.
    virtual std::optional<std::string> next() = 0;
    // Fields sent as a trailer after the last piece (names announced in a
    // `Trailer` header by whoever makes the response).
    [[nodiscard]] virtual std::vector<std::pair<std::string, std::string>> trailers() const { return {}; }
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::shared_ptr<BodyStream> stream;  // when set, the body (`body` stays empty)

    void set(std::string name, std::string value);
};

// Splits and percent-decodes a raw query string ("a=1&b=%E5%89%B5").
// Throws core::Error(invalid_input, "invalid-query") for malformed escapes.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view raw);

// Percent-decodes one component; '+' becomes a space when `plus_is_space`.
// Throws core::Error(invalid_input, "invalid-query") on a malformed escape.
std::string percent_decode(std::string_view text, bool plus_is_space);

}  // namespace policymap::http
