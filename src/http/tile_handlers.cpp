// Tiles over HTTP: MVT tiles with ETag / 304 / gzip, TileJSON 3.0, the
// MapLibre style, empty glyph ranges, and the tile cache counters.
#include "http/handlers.hpp"

#include "core/error.hpp"
#include "core/resources.hpp"
#include "tiles/tile_service.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace policymap::http {

namespace {

constexpr const char* tile_cache_control = "public, max-age=60, stale-while-revalidate=300";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto pos = s.find(sep, start);
        out.push_back(trim(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start)));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return out;
}

// True when Accept-Encoding lists gzip (or *) with a non-zero q.
bool accepts_gzip(const Request& request) {
    auto header = request.header("accept-encoding");
    if (!header) return false;
    for (const auto& item : split(lower(*header), ',')) {
        auto parts = split(item, ';');
        if (parts[0] != "gzip" && parts[0] != "*") continue;
        bool zero = false;
        for (std::size_t i = 1; i < parts.size(); ++i) {
            if (parts[i].rfind("q=", 0) == 0) {
                auto q = parts[i].substr(2);
                zero = q.find_first_not_of("0.") == std::string::npos;
            }
        }
        if (!zero) return true;
    }
    return false;
}

// If-None-Match against the tile's ETags (either representation; weak comparison).
bool matches(const Request& request, const tiles::CachedTile& tile) {
    auto header = request.header("if-none-match");
    if (!header) return false;
    for (auto tag : split(*header, ',')) {
        if (tag == "*") return true;
        if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
        if (tag == tile.etag || tag == tile.gzip_etag()) return true;
    }
    return false;
}

bool valid_host(const std::string& host) {
    if (host.empty() || host.size() > 255) return false;
    return std::all_of(host.begin(), host.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_';
    });
}

std::string unquote(std::string s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
    return s;
}

std::string tile_json_url(const std::string& base, const std::string& layer, const std::string& query) {
    return base + "/tiles/" + layer + ".json" + (query.empty() ? "" : "?" + query);
}

}  // namespace

std::string public_base_url(const Request& request) {
    std::string proto;
    std::string host;
    // RFC 7239 Forwarded: the first element is the client-facing proxy.
    if (auto fwd = request.header("forwarded")) {
        auto first = split(*fwd, ',').front();
        for (const auto& pair : split(first, ';')) {
            auto eq = pair.find('=');
            if (eq == std::string::npos) continue;
            auto name = lower(trim(pair.substr(0, eq)));
            auto value = unquote(trim(pair.substr(eq + 1)));
            if (name == "proto") proto = lower(value);
            if (name == "host") host = value;
        }
    }
    if (proto.empty()) {
        if (auto p = request.header("x-forwarded-proto")) proto = lower(split(*p, ',').front());
    }
    if (host.empty()) {
        if (auto h = request.header("x-forwarded-host")) host = split(*h, ',').front();
    }
    if (host.empty()) host = request.header("host").value_or("localhost");
    if (proto.empty()) proto = "http";
    std::vector<core::FieldProblem> problems;
    if (proto != "http" && proto != "https") problems.push_back({"X-Forwarded-Proto", proto.substr(0, 32), "must be http or https"});
    if (!valid_host(host)) problems.push_back({"X-Forwarded-Host", host.substr(0, 64), "not a host name or address with an optional port"});
    if (!problems.empty()) core::throw_invalid("invalid-forwarded-header", "the forwarded host or protocol is not valid", std::move(problems));
    return proto + "://" + host;
}

Response handle_tile(const Request& request, tiles::TileService& tiles, const std::vector<std::string>& segments) {
    std::vector<core::FieldProblem> problems;
    tiles::TileRequest req;
    try {
        req = tiles::parse_tile_request(segments[1], segments[2], segments[3], segments[4]);
    } catch (const core::Error& e) {
        problems.insert(problems.end(), e.fields().begin(), e.fields().end());
    }
    try {
        req.filter = tiles::parse_tile_filter(request.query);
    } catch (const core::Error& e) {
        problems.insert(problems.end(), e.fields().begin(), e.fields().end());
    }
    if (!problems.empty()) {
        const bool address = std::any_of(problems.begin(), problems.end(),
                                         [](const auto& p) { return p.field == "z" || p.field == "x" || p.field == "y"; });
        core::throw_invalid(address ? "invalid-tile-address" : "invalid-tile-filter",
                            address ? "not a tile address" : "the tile filters are not valid", std::move(problems));
    }
    const bool gzip = accepts_gzip(request);
    auto tile = tiles.tile(req, gzip);
    Response r;
    r.set("Cache-Control", tile_cache_control);
    r.set("Vary", "Accept-Encoding");
    if (tile->empty()) {
        r.status = 204;
        return r;
    }
    const bool send_gzip = gzip && tile->gzip.has_value();
    r.set("ETag", send_gzip ? tile->gzip_etag() : tile->etag);
    if (matches(request, *tile)) {
        r.status = 304;
        return r;
    }
    r.set("Content-Type", "application/vnd.mapbox-vector-tile");
    if (send_gzip) {
        r.set("Content-Encoding", "gzip");
        r.body = *tile->gzip;
    } else {
        r.body = tile->bytes;
    }
    return r;
}

Response handle_tilejson(const Request& request, tiles::TileService& tiles, const std::string& layer_id) {
    const auto& layer = tiles.layer(layer_id);
    const auto filter = tiles::parse_tile_filter(request.query);
    const std::string base = public_base_url(request);
    const std::string query = filter.canonical_query();
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [name, type] : layer.fields) fields[name] = type;
    nlohmann::json doc{
        {"tilejson", "3.0.0"},
        {"name", "policymap " + layer.id},
        {"description", layer.description +
                            " Counts follow the purpose= and open= filters of the tile URL. A tile with no "
                            "features is answered 204 No Content with an empty body."},
        {"version", "1.0.0"},
        {"attribution", "「国土数値情報（行政区域データ）」（国土交通省）を加工して作成; jGrants（デジタル庁）"},
        {"scheme", "xyz"},
        {"tiles", {base + "/tiles/" + layer.id + "/{z}/{x}/{y}.mvt" + (query.empty() ? "" : "?" + query)}},
        {"minzoom", layer.minzoom},
        {"maxzoom", layer.maxzoom},
        {"vector_layers",
         {{{"id", layer.id}, {"description", layer.description}, {"minzoom", layer.minzoom}, {"maxzoom", layer.maxzoom},
           {"fields", fields}}}},
    };
    if (auto b = tiles.bounds()) {
        doc["bounds"] = {(*b)[0], (*b)[1], (*b)[2], (*b)[3]};
    } else {
        doc["bounds"] = {-180, -85.05112877980659, 180, 85.0511287798066};
    }
    doc["center"] = {139.7671, 35.6812, 5};
    Response r;
    r.set("Content-Type", "application/json; charset=utf-8");
    r.set("Cache-Control", "public, max-age=300");
    r.set("Vary", "Forwarded, X-Forwarded-Proto, X-Forwarded-Host, Host");
    r.body = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

Response handle_style(const Request& request, tiles::TileService& tiles) {
    const std::string base = public_base_url(request);
    auto style = nlohmann::json::parse(core::resource("styles/policymap.json"));
    for (auto& [name, source] : style["sources"].items()) {
        if (source.contains("url")) {
            auto url = source["url"].get<std::string>();
            // "policymap:<layer>" names one of our layers; its TileJSON is absolute.
            if (url.rfind("policymap:", 0) == 0) {
                const auto& layer = tiles.layer(url.substr(10));
                source["url"] = tile_json_url(base, layer.id, "");
            }
        }
    }
    if (style.contains("glyphs")) {
        auto glyphs = style["glyphs"].get<std::string>();
        if (glyphs.rfind("/", 0) == 0) style["glyphs"] = base + glyphs;
    }
    Response r;
    r.set("Content-Type", "application/json; charset=utf-8");
    r.set("Cache-Control", "public, max-age=300");
    r.set("Vary", "Forwarded, X-Forwarded-Proto, X-Forwarded-Host, Host");
    r.body = style.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

Response handle_glyphs(const Request&, const std::string& fontstack, const std::string& range_pbf) {
    // No font files are shipped: every range is an empty glyph set, and
    // MapLibre draws Japanese (CJK, kana, full-width forms) with the
    // browser's own fonts (localIdeographFontFamily, default sans-serif).
    constexpr std::string_view ext = ".pbf";
    std::string range = range_pbf.size() > ext.size() ? range_pbf.substr(0, range_pbf.size() - ext.size()) : "";
    auto dash = range.find('-');
    const bool ok = range_pbf.size() > ext.size() && range_pbf.substr(range_pbf.size() - ext.size()) == ext &&
                    dash != std::string::npos && dash > 0 && dash + 1 < range.size() &&
                    range.find_first_not_of("0123456789-") == std::string::npos && range.size() <= 11;
    if (!ok || fontstack.empty() || fontstack.size() > 200) {
        core::throw_invalid("invalid-glyph-range", "glyphs are at /fonts/{fontstack}/{start}-{end}.pbf",
                            {{"range", range_pbf.substr(0, 64), "expected {start}-{end}.pbf"}});
    }
    // glyphs { stacks { name = fontstack, range = range } }
    auto field = [](int number, const std::string& value) {
        std::string out(1, static_cast<char>((number << 3) | 2));
        std::size_t n = value.size();
        do {
            unsigned char b = n & 0x7F;
            n >>= 7;
            out += static_cast<char>(n ? (b | 0x80) : b);
        } while (n);
        return out + value;
    };
    Response r;
    r.set("Content-Type", "application/x-protobuf");
    r.set("Cache-Control", "public, max-age=86400");
    r.body = field(1, field(1, fontstack) + field(2, range));
    return r;
}

Response handle_tile_cache(const Request&, tiles::TileService& tiles) {
    const auto s = tiles.cache().stats();
    nlohmann::json body{{"hits", s.hits},           {"misses", s.misses},       {"entries", s.entries},
                        {"bytes", s.bytes},         {"budget", s.budget},       {"evictions", s.evictions},
                        {"invalidated", s.invalidated}, {"data_version", s.data_version}};
    Response r;
    r.set("Content-Type", "application/json; charset=utf-8");
    r.set("Cache-Control", "no-store");
    r.body = body.dump();
    return r;
}

}  // namespace policymap::http
