#include "http/ogc_handlers.hpp"

#include "core/error.hpp"
#include "core/purposes.hpp"
#include "geo/crs.hpp"
#include "http/handlers.hpp"
#include "http/json_response.hpp"
#include "http/query_params.hpp"
#include "http/search_handlers.hpp"
#include "programmes/feature_store.hpp"
#include "programmes/vocabulary.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <set>

namespace policymap::http {

namespace {

using programmes::FeatureCollection;

constexpr std::int64_t default_limit = 10;
constexpr std::int64_t max_limit = 1000;
// The SQL takes the offset as a 32-bit integer; no collection holds that many features.
constexpr std::int64_t max_offset = 2147483647;
const std::string geojson_type = "application/geo+json";
const std::string schema_type = "application/schema+json";

// Japan with its remote islands (Okinotorishima to Etorofu, Yonaguni to Minamitorishima).
const nlohmann::json japan_extent = {122.9, 20.4, 154.0, 45.6};

struct CollectionInfo {
    FeatureCollection id;
    std::string name;
    std::string title;
    std::string description;
    std::vector<std::string> properties;  // the ones that filter items
};

const std::vector<CollectionInfo>& collections() {
    static const std::vector<CollectionInfo> all{
        {FeatureCollection::prefectures, "prefectures", "都道府県 Prefectures",
         "The 47 prefectures (MLIT N03), with the number of published programmes that apply there (`programmes`, "
         "national ones included) and without the national ones (`local`). Feature id: the 2-digit code.",
         {"name"}},
        {FeatureCollection::municipalities, "municipalities", "市区町村 Municipalities and wards",
         "Municipalities and the wards of Tokyo and of the designated cities (MLIT N03), which cover Japan without "
         "overlapping; the designated city of a ward is a property. With programme counts as for prefectures. "
         "Feature id: the 5-digit code.",
         {"name", "pref_code", "level"}},
        {FeatureCollection::programmes, "programmes", "支援制度 Support programmes",
         "Every support programme published now (jGrants, Mirasapo plus, agencies); its geometry is the union of its "
         "coverage areas, null for a nationwide programme. `datetime` filters on the acceptance window. Feature id: "
         "the programme id.",
         {"source", "purpose", "area"}},
    };
    return all;
}

const CollectionInfo& find_collection(const std::string& name) {
    for (const auto& c : collections()) {
        if (c.name == name) return c;
    }
    core::throw_not_found("collection-not-found",
                          "no collection " + name.substr(0, 64) + "; the collections are prefectures, municipalities and programmes");
}

bool prefecture_code(const std::string& v) {
    if (v.size() != 2 || !std::isdigit(static_cast<unsigned char>(v[0])) || !std::isdigit(static_cast<unsigned char>(v[1]))) {
        return false;
    }
    const int n = std::stoi(v);
    return n >= 1 && n <= 47;
}

// Why a property filter's value can match nothing, as /v1 refuses the same
// values: nullopt when it is a possible value. (A well-formed code of no
// area is left to the query: it matches nothing.)
std::optional<std::string> property_problem(FeatureCollection collection, const std::string& name, const std::string& v) {
    if (name == "source") {
        const auto& all = programmes::sources();
        if (std::find(all.begin(), all.end(), v) == all.end()) return "unknown; allowed: " + programmes::join_values(all);
    } else if (name == "purpose") {
        if (!core::purpose_index(v)) return "unknown; allowed: " + core::purposes_list();
    } else if (name == "area") {
        const bool municipal = v.size() == 5 && std::all_of(v.begin(), v.end(), [](unsigned char ch) { return std::isdigit(ch) != 0; }) &&
                               prefecture_code(v.substr(0, 2));
        if (v != "JP" && !prefecture_code(v) && !municipal) {
            return "not an area code: JP, a prefecture 01..47 or a 5-digit municipality code";
        }
    } else if (name == "pref_code") {
        if (!prefecture_code(v)) return "not a prefecture code: 01..47";
    } else if (name == "level" && collection == FeatureCollection::municipalities) {
        if (v != "municipality" && v != "ward") return "unknown; allowed: municipality, ward";
    }
    return std::nullopt;
}

// `f` is tolerated for clients that always send it; JSON is all there is.
void check_format(const Request& request, Problems& problems) {
    if (auto f = single(request, "f", problems)) {
        static const std::set<std::string> ok{"json", "geojson", "application/json", "application/geo+json"};
        if (ok.count(*f) == 0) problems.push_back({"f", f->substr(0, 100), "only json is offered"});
    }
}

// The request's query without `skip`, as "k=v&..." (no leading '?').
std::string query_without(const Request& request, const std::set<std::string>& skip) {
    std::string out;
    for (const auto& [k, v] : request.query) {
        if (skip.count(k) != 0) continue;
        out += (out.empty() ? "" : "&") + percent_encode(k) + "=" + percent_encode(v);
    }
    return out;
}

nlohmann::json link(const std::string& href, const std::string& rel, const std::string& type, const std::string& title) {
    nlohmann::json l{{"href", href}, {"rel", rel}, {"type", type}};
    if (!title.empty()) l["title"] = title;
    return l;
}

nlohmann::json crs_list() {
    return {geo::crs_uri(4326), geo::crs_uri(6668), geo::crs_uri(3857)};
}

nlohmann::json collection_json(const CollectionInfo& c, const std::string& base) {
    const std::string self = base + "/ogc/collections/" + c.name;
    nlohmann::json extent;
    extent["spatial"]["bbox"] = nlohmann::json::array({japan_extent});
    extent["spatial"]["crs"] = geo::crs_uri(4326);
    if (c.id == FeatureCollection::programmes) {
        // Acceptance windows have no common bounds: open at both ends.
        extent["temporal"]["interval"] = nlohmann::json::array({nlohmann::json::array({nullptr, nullptr})});
    }
    return {{"id", c.name},
            {"title", c.title},
            {"description", c.description},
            {"itemType", "feature"},
            {"extent", extent},
            {"crs", crs_list()},
            {"storageCrs", geo::crs_uri(4326)},
            {"links",
             {link(self, "self", "application/json", "this collection"),
              link(self + "/items", "items", geojson_type, c.title + " as GeoJSON"),
              // The standard relation name, and the spelling GDAL's OAPIF driver looks for.
              link(self + "/schema", "describedby", schema_type, "the properties of the features and their types"),
              link(self + "/schema", "describedBy", schema_type, "the properties of the features and their types")}}};
}

// The JSON Schema of a collection's features (a property whose value is
// unknown — no amount, no window — is left out of a feature, not null), so that clients that need a
// fixed schema (GDAL's OAPIF driver, QGIS) need not guess types from the
// first page: a first page of small amounts would make max_amount a 32-bit
// integer and cut larger ones. Amounts are "number" for that reason (GDAL
// maps "integer" to 32 bits); counts are small and stay "integer".
nlohmann::json feature_schema(const CollectionInfo& c, const std::string& base) {
    using nlohmann::json;
    const json text{{"type", "string"}};
    const json count{{"type", "integer"}, {"minimum", 0}};
    const json text_list{{"type", "array"}, {"items", text}};
    const json moment{{"type", "string"}, {"format", "date-time"}};
    json props;
    json id = text;
    if (c.id == FeatureCollection::programmes) {
        id = {{"type", "integer"}};
        props = {{"title", text},
                 {"source", {{"type", "string"}, {"enum", programmes::sources()}}},
                 {"source_id", text},
                 {"institution_name", text},
                 {"purposes", text_list},
                 {"industries", text_list},
                 {"max_amount", {{"type", "number"}, {"description", "upper limit in yen"}}},
                 {"rate", text},
                 {"acceptance_start", moment},
                 {"acceptance_end", moment},
                 {"url", text},
                 {"nationwide", {{"type", "boolean"}}},
                 {"areas", text_list}};
    } else {
        props = {{"code", text}, {"name", text}, {"level", text}};
        if (c.id == FeatureCollection::municipalities) {
            for (const char* name : {"pref_code", "prefecture", "designated_city", "designated_city_name", "county"}) {
                props[name] = text;
            }
        }
        props["programmes"] = count;
        props["local"] = count;
    }
    return {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
            {"$id", base + "/ogc/collections/" + c.name + "/schema"},
            {"title", c.title},
            {"type", "object"},
            {"required", {"type", "geometry", "properties"}},
            {"properties",
             {{"type", {{"type", "string"}, {"enum", {"Feature"}}}},
              {"id", id},
              {"geometry", {{"description", "GeoJSON MultiPolygon, or null"}}},
              {"properties", {{"type", "object"}, {"properties", props}}}}}};
}

// Output CRS (`crs`) and the bbox with its CRS (`bbox-crs`).
int parse_output_crs(const std::optional<std::string>& text, Problems& problems) {
    if (!text) return 4326;
    auto epsg = geo::parse_crs(*text);
    if (!epsg || (*epsg != 4326 && *epsg != 6668 && *epsg != 3857)) {
        problems.push_back({"crs", text->substr(0, 200),
                            "not offered; allowed: " + geo::crs_uri(4326) + ", " + geo::crs_uri(6668) + ", " +
                                geo::crs_uri(3857)});
        return 4326;
    }
    return *epsg;
}

std::optional<std::array<double, 4>> parse_bbox(const std::optional<std::string>& text,
                                                 const std::optional<std::string>& crs_text, Problems& problems) {
    int epsg = 4326;
    if (crs_text) {
        auto parsed = geo::parse_crs(*crs_text);
        if (!parsed) {
            problems.push_back({"bbox-crs", crs_text->substr(0, 200),
                                "not supported; allowed: " + geo::crs_uri(4326) +
                                    ", http://www.opengis.net/def/crs/EPSG/0/{6668, 3857, 6669..6687}"});
            return std::nullopt;
        }
        epsg = *parsed;
        if (!text) problems.push_back({"bbox-crs", *crs_text, "given without bbox"});
    }
    if (!text) return std::nullopt;
    std::vector<double> v;
    std::size_t start = 0;
    const std::string& s = *text;
    bool ok = true;
    while (ok && start <= s.size()) {
        auto comma = s.find(',', start);
        const std::string part = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        double d = 0;
        auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), d);
        ok = !part.empty() && ec == std::errc() && ptr == part.data() + part.size() && std::isfinite(d);
        v.push_back(d);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (!ok || (v.size() != 4 && v.size() != 6)) {
        problems.push_back({"bbox", s.substr(0, 200), "must be four numbers: lower left and upper right corner"});
        return std::nullopt;
    }
    if (v.size() == 6) v = {v[0], v[1], v[3], v[4]};  // heights are ignored
    // Part 2: the numbers follow the axis order of bbox-crs; JGD2011 and the
    // plane rectangular systems put latitude / northing first.
    std::array<double, 4> box{v[0], v[1], v[2], v[3]};
    if (epsg != 4326 && epsg != 3857) box = {v[1], v[0], v[3], v[2]};
    if (box[0] > box[2] || box[1] > box[3]) {
        problems.push_back({"bbox", s.substr(0, 200), "the lower corner must not lie above or right of the upper corner"});
        return std::nullopt;
    }
    if (geo::geographic_crs(epsg) && (box[0] < -180 || box[2] > 180 || box[1] < -90 || box[3] > 90)) {
        problems.push_back({"bbox", s.substr(0, 200), "outside -180..180 longitude / -90..90 latitude"});
        return std::nullopt;
    }
    try {
        return geo::bbox_to_wgs84(epsg, box);
    } catch (const core::Error& e) {
        problems.insert(problems.end(), e.fields().begin(), e.fields().end());
        return std::nullopt;
    }
}

// OGC datetime: an instant or an interval start/end, either end ".." or empty (open).
void parse_datetime(const std::optional<std::string>& text, programmes::FeatureQuery& q, Problems& problems) {
    if (!text) return;
    const auto slash = text->find('/');
    auto moment = [&](const std::string& part) -> std::optional<std::string> {
        if (part.empty() || part == "..") return std::nullopt;
        try {
            return parse_moment("datetime", part);
        } catch (const core::Error& e) {
            problems.insert(problems.end(), e.fields().begin(), e.fields().end());
            return std::nullopt;
        }
    };
    if (slash == std::string::npos) {
        if (text->empty() || *text == "..") {
            problems.push_back({"datetime", *text, "an instant or an interval start/end is required"});
            return;
        }
        q.datetime_start = q.datetime_end = moment(*text);
        return;
    }
    const std::string a = text->substr(0, slash);
    const std::string b = text->substr(slash + 1);
    if ((a.empty() || a == "..") && (b.empty() || b == "..")) {
        problems.push_back({"datetime", *text, "an interval needs at least one end"});
        return;
    }
    q.datetime_start = moment(a);
    q.datetime_end = moment(b);
    if (q.datetime_start && q.datetime_end && utc_seconds(*q.datetime_start) > utc_seconds(*q.datetime_end)) {
        problems.push_back({"datetime", text->substr(0, 100), "the interval ends before it starts"});
    }
}

Response geojson(std::string body, int crs) {
    Response r;
    r.set("Content-Type", geojson_type);
    r.set("Content-Crs", "<" + geo::crs_uri(crs) + ">");
    r.set("Cache-Control", "public, max-age=60");
    r.body = std::move(body);
    return r;
}

Response landing(const std::string& base) {
    const std::string ogc = base + "/ogc";
    nlohmann::json body{
        {"title", "policymap OGC API - Features"},
        {"description", "Prefectures, municipalities and the SME support programmes that apply there, for GIS clients "
                        "(QGIS, GDAL's OAPIF driver). Boundaries: 国土数値情報 行政区域 (MLIT); programmes: jGrants, "
                        "Mirasapo plus."},
        {"links",
         {link(ogc, "self", "application/json", "this document"),
          link(base + "/openapi.json", "service-desc", "application/vnd.oai.openapi+json;version=3.0", "the API definition"),
          link(base + "/docs", "service-doc", "text/html", "the API documentation"),
          link(ogc + "/conformance", "conformance", "application/json", "conformance classes"),
          link(ogc + "/collections", "data", "application/json", "the collections")}}};
    return json_response(body);
}

Response conformance() {
    return json_response({{"conformsTo",
                           {"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"}}});
}

Response items(const Request& request, programmes::FeatureStore& store, const CollectionInfo& c, const std::string& base) {
    Problems problems;
    std::set<std::string> known{"bbox", "bbox-crs", "crs", "limit", "offset", "f"};
    if (c.id == FeatureCollection::programmes) known.insert("datetime");
    known.insert(c.properties.begin(), c.properties.end());
    check_known(request, known, problems);
    check_format(request, problems);
    programmes::FeatureQuery q;
    q.collection = c.id;
    q.crs = parse_output_crs(single(request, "crs", problems), problems);
    q.bbox = parse_bbox(single(request, "bbox", problems), single(request, "bbox-crs", problems), problems);
    if (c.id == FeatureCollection::programmes) parse_datetime(single(request, "datetime", problems), q, problems);
    auto integer = [&](const std::string& field) -> std::optional<std::int64_t> {
        auto text = single(request, field, problems);
        if (!text) return std::nullopt;
        std::int64_t v = 0;
        auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
        // A limit too large for 64 bits is still above the maximum.
        if (field == "limit" && ec == std::errc::result_out_of_range && ptr == text->data() + text->size()) return max_limit;
        if (field == "offset" && ec == std::errc() && ptr == text->data() + text->size() && v > max_offset) {
            problems.push_back({field, text->substr(0, 100), "must be at most " + std::to_string(max_offset)});
            return std::nullopt;
        }
        if (text->empty() || ec != std::errc() || ptr != text->data() + text->size() || v < (field == "limit" ? 1 : 0)) {
            problems.push_back({field, text->substr(0, 100), field == "limit" ? "must be a positive integer"
                                                                               : "must be a non-negative integer"});
            return std::nullopt;
        }
        return v;
    };
    // Above the maximum the maximum applies (OGC API - Features, /req/core/fc-limit-response-1).
    q.limit = std::min(integer("limit").value_or(default_limit), max_limit);
    q.offset = integer("offset").value_or(0);
    for (const auto& p : c.properties) {
        if (auto v = single(request, p, problems)) {
            if (auto why = property_problem(c.id, p, *v)) problems.push_back({p, v->substr(0, 100), *why});
            else q.properties[p] = *v;
        }
    }
    if (!problems.empty()) throw_problems(std::move(problems));

    auto page = store.items(q);
    const std::string items_url = base + "/ogc/collections/" + c.name + "/items";
    const std::string rest = query_without(request, {"offset", "limit"});
    auto page_url = [&](std::int64_t offset) {
        return items_url + "?" + rest + (rest.empty() ? "" : "&") + "limit=" + std::to_string(q.limit) +
               (offset > 0 ? "&offset=" + std::to_string(offset) : "");
    };
    nlohmann::json links{link(page_url(q.offset), "self", geojson_type, "this page"),
                         link(base + "/ogc/collections/" + c.name, "collection", "application/json", c.title)};
    const auto returned = static_cast<std::int64_t>(page.features.size());
    if (q.offset + returned < page.matched) links.push_back(link(page_url(q.offset + returned), "next", geojson_type, "next page"));
    if (q.offset > 0) links.push_back(link(page_url(std::max<std::int64_t>(0, q.offset - q.limit)), "prev", geojson_type, "previous page"));
    nlohmann::json head{{"type", "FeatureCollection"},
                        {"numberMatched", page.matched},
                        {"numberReturned", returned},
                        {"links", links}};
    std::string body = head.dump();
    body.pop_back();  // the closing brace: the features follow as the store wrote them
    body += ",\"features\":[";
    for (std::size_t i = 0; i < page.features.size(); ++i) {
        if (i != 0) body += ',';
        body += page.features[i];
    }
    body += "]}";
    return geojson(std::move(body), q.crs);
}

Response item(const Request& request, programmes::FeatureStore& store, const CollectionInfo& c, const std::string& base,
              const std::string& id) {
    Problems problems;
    check_known(request, {"crs", "f"}, problems);
    check_format(request, problems);
    const int crs = parse_output_crs(single(request, "crs", problems), problems);
    if (!problems.empty()) throw_problems(std::move(problems));
    bool well_formed = !id.empty() && id.size() <= 18 && id.find_first_not_of("0123456789") == std::string::npos;
    if (c.id == FeatureCollection::prefectures) well_formed = well_formed && id.size() == 2;
    if (c.id == FeatureCollection::municipalities) well_formed = well_formed && id.size() == 5;
    std::optional<std::string> feature;
    if (well_formed) feature = store.item(c.id, id, crs);
    if (!feature) core::throw_not_found("feature-not-found", "no feature " + id.substr(0, 64) + " in " + c.name);
    auto j = nlohmann::json::parse(*feature);
    const std::string items_url = base + "/ogc/collections/" + c.name + "/items";
    j["links"] = {link(items_url + "/" + id, "self", geojson_type, "this feature"),
                  link(base + "/ogc/collections/" + c.name, "collection", "application/json", c.title)};
    return geojson(j.dump(), crs);
}

Response ogc_response(const Request& request, programmes::FeatureStore& features, const std::vector<std::string>& segments) {
    const std::string base = public_base_url(request);
    // "/ogc/" is the landing page too.
    const bool root = segments.size() == 1 || (segments.size() == 2 && segments[1].empty());
    if (root || (segments.size() == 2 && (segments[1] == "conformance" || segments[1] == "collections"))) {
        Problems problems;
        check_known(request, {"f"}, problems);
        check_format(request, problems);
        if (!problems.empty()) throw_problems(std::move(problems));
        if (root) return landing(base);
        if (segments[1] == "conformance") return conformance();
        nlohmann::json list = nlohmann::json::array();
        for (const auto& c : collections()) list.push_back(collection_json(c, base));
        nlohmann::json body;
        body["links"] = nlohmann::json::array({link(base + "/ogc/collections", "self", "application/json", "the collections")});
        body["collections"] = list;
        return json_response(body);
    }
    if (segments.size() >= 3 && segments[1] == "collections") {
        const auto& c = find_collection(segments[2]);
        if (segments.size() == 3) {
            Problems problems;
            check_known(request, {"f"}, problems);
            check_format(request, problems);
            if (!problems.empty()) throw_problems(std::move(problems));
            return json_response(collection_json(c, base));
        }
        if (segments.size() == 4 && segments[3] == "schema") {
            Problems problems;
            check_known(request, {"f"}, problems);
            check_format(request, problems);
            if (!problems.empty()) throw_problems(std::move(problems));
            auto r = json_response(feature_schema(c, base));
            r.set("Content-Type", schema_type);
            return r;
        }
        if (segments[3] == "items" && segments.size() == 4) return items(request, features, c, base);
        if (segments[3] == "items" && segments.size() == 5) return item(request, features, c, base, segments[4]);
    }
    core::throw_not_found("not-found", "nothing at this address; the OGC API landing page is /ogc");
}

}  // namespace

Response handle_ogc(const Request& request, programmes::FeatureStore& features, const std::vector<std::string>& segments) {
    auto r = ogc_response(request, features, segments);
    // Links are absolute, made from the forwarding headers (as in TileJSON):
    // a shared cache must keep one copy per public address.
    r.set("Vary", "Forwarded, X-Forwarded-Proto, X-Forwarded-Host, Host");
    return r;
}

}  // namespace policymap::http
