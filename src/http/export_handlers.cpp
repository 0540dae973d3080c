#include "http/export_handlers.hpp"

#include "core/error.hpp"
#include "geo/gpkg_writer.hpp"
#include "programmes/feature_store.hpp"
#include "programmes/programme_search.hpp"
#include "text/csv.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <utility>

namespace policymap::http {

namespace {

using Value = std::optional<std::string>;

// Column names are part of the API (api/openapi.yaml): stable, ASCII,
// the same in every format.
const std::vector<geo::FieldDef>& programme_columns() {
    static const std::vector<geo::FieldDef> columns{
        {"id", geo::FieldType::integer},     {"source"},          {"source_id"},        {"title"},
        {"institution_name"},                {"purposes"},        {"industries"},       {"employees"},
        {"max_amount", geo::FieldType::integer}, {"rate"},        {"acceptance_start"}, {"acceptance_end"},
        {"url"},                             {"status"},          {"scope"},            {"areas"}};
    return columns;
}

const std::vector<geo::FieldDef>& area_columns() {
    static const std::vector<geo::FieldDef> columns{
        {"code"},   {"name"},        {"level"},   {"pref_code"},
        {"prefecture"}, {"parent_code"}, {"reading"}, {"programmes", geo::FieldType::integer},
        {"local", geo::FieldType::integer}};
    return columns;
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ";") + v;
    return out;
}

std::vector<Value> programme_values(const programmes::Programme& p) {
    return {std::to_string(p.id),
            p.source,
            p.source_id,
            p.title,
            p.institution_name,
            joined(p.purposes),
            joined(p.industries),
            p.employees,
            p.max_amount ? Value(std::to_string(*p.max_amount)) : std::nullopt,
            p.rate,
            p.acceptance_start,
            p.acceptance_end,
            p.url,
            p.status,
            p.scope,
            joined(p.areas)};
}

std::vector<Value> area_values(const programmes::AreaRow& a) {
    return {a.code,        a.name,    a.level, a.pref_code, a.prefecture, a.parent_code,
            a.reading,     std::to_string(a.programmes), std::to_string(a.local)};
}

// Writes rows in one of the three formats as they arrive; take() hands
// over what is ready to send (for GeoPackage: the file, once finished).
class ExportWriter {
public:
    ExportWriter(std::string format, std::string layer, const std::vector<geo::FieldDef>& columns)
        : m_format(std::move(format)), m_layer(std::move(layer)), m_columns(columns) {
        if (m_format == "csv") {
            m_body = "\xEF\xBB\xBF";  // the BOM that makes Excel read UTF-8
            for (std::size_t i = 0; i < m_columns.size(); ++i) m_body += (i ? "," : "") + m_columns[i].name;
            m_body += "\r\n";
        } else if (m_format == "geojson") {
            m_body = R"({"type":"FeatureCollection","name":")" + m_layer + R"(","features":[)";
        } else {
            m_gpkg = std::make_unique<geo::GpkgWriter>(m_layer, m_columns);
        }
    }

    // `properties` overrides the flat values in GeoJSON (arrays stay arrays).
    void add(const std::string& id, const std::vector<Value>& values, const Value& geometry,
             const nlohmann::json& properties) {
        if (m_format == "csv") {
            for (std::size_t i = 0; i < values.size(); ++i) {
                if (i != 0) m_body += ',';
                if (values[i]) m_body += text::spreadsheet_csv_field(*values[i]);
            }
            m_body += "\r\n";
        } else if (m_format == "geojson") {
            if (m_rows != 0) m_body += ',';
            m_body += R"({"type":"Feature","id":)" + id + R"(,"geometry":)" + geometry.value_or("null") +
                      R"(,"properties":)" + properties.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "}";
        } else {
            m_gpkg->add(values, geometry);
        }
        ++m_rows;
    }

    // After the last row.
    void finish() {
        if (m_format == "geojson") m_body += "]}";
        if (m_gpkg) m_gpkg->finish();
        m_finished = true;
    }

    // What is ready to send, possibly nothing; empty after finish() means the end.
    std::string take() {
        if (m_gpkg) return m_finished ? m_gpkg->read(k_piece_bytes) : std::string();
        return std::exchange(m_body, std::string());
    }

    [[nodiscard]] std::int64_t rows() const { return m_rows; }
    [[nodiscard]] const std::string& format() const { return m_format; }

private:
    static constexpr std::size_t k_piece_bytes = 256 * 1024;
    std::string m_format;
    std::string m_layer;
    const std::vector<geo::FieldDef>& m_columns;
    std::string m_body;
    std::unique_ptr<geo::GpkgWriter> m_gpkg;
    std::int64_t m_rows = 0;
    bool m_finished = false;
};

// Adds the next batch of rows to the writer; false when there were none left.
using RowSource = std::function<bool(ExportWriter&)>;

// The export as a streamed body: one batch of rows fetched per piece, so
// memory holds a batch (CSV, GeoJSON) or a piece of the finished file
// (GeoPackage, which GDAL writes to a temporary file first). The row count
// goes out as the trailer X-Row-Count.
class ExportStream final : public BodyStream {
public:
    ExportStream(std::unique_ptr<ExportWriter> writer, RowSource source)
        : m_writer(std::move(writer)), m_source(std::move(source)) {}

    // Fetches the first batch before any byte is sent, so that bad input
    // or an unavailable database still gets a problem answer.
    void start() { pull(); }

    std::optional<std::string> next() override {
        for (;;) {
            auto piece = m_writer->take();
            if (!piece.empty()) return piece;
            if (m_rows_done) return std::nullopt;
            pull();
        }
    }

    [[nodiscard]] std::vector<std::pair<std::string, std::string>> trailers() const override {
        return {{"X-Row-Count", std::to_string(m_writer->rows())}};
    }

    Response response(const std::string& filename) && {
        Response r;
        const auto& format = m_writer->format();
        if (format == "csv") r.set("Content-Type", "text/csv; charset=utf-8; header=present");
        else if (format == "geojson") r.set("Content-Type", "application/geo+json");
        else r.set("Content-Type", "application/geopackage+sqlite3");
        const std::string ext = format == "gpkg" ? "gpkg" : format == "csv" ? "csv" : "geojson";
        r.set("Content-Disposition", "attachment; filename=\"" + filename + "." + ext + "\"");
        r.set("Cache-Control", "public, max-age=60");
        r.set("Trailer", "X-Row-Count");
        r.stream = std::make_shared<ExportStream>(std::move(*this));
        return r;
    }

private:
    void pull() {
        if (m_rows_done) return;
        if (!m_source(*m_writer)) {
            m_rows_done = true;
            m_writer->finish();
        }
    }

    std::unique_ptr<ExportWriter> m_writer;
    RowSource m_source;
    bool m_rows_done = false;
};

programmes::FeatureStore& need(programmes::FeatureStore* features) {
    if (features == nullptr) {
        throw core::Error(core::ErrorKind::unavailable, "export-unavailable", "geometry exports are not served here");
    }
    return *features;
}

}  // namespace

std::optional<std::string> parse_export_format(const std::string& text) {
    if (text == "json") return std::nullopt;
    if (text == "csv" || text == "geojson" || text == "gpkg") return text;
    core::throw_invalid("invalid-parameter", "format: unknown",
                        {{"format", text.substr(0, 100), "unknown; allowed: json, csv, geojson, gpkg"}});
}

Response export_programmes(const programmes::ProgrammeQuery& query, const std::string& format,
                           programmes::ProgrammeSearch& search, programmes::FeatureStore* features) {
    const bool spatial = format != "csv";
    programmes::FeatureStore* store = spatial ? &need(features) : nullptr;
    ExportStream stream(std::make_unique<ExportWriter>(format, "programmes", programme_columns()),
                        [batches = search.batches(query), store, format](ExportWriter& out) mutable {
        const auto batch = batches.next();
        if (!batch) return false;
        std::map<std::int64_t, std::string> geometries;
        if (store != nullptr) {
            std::vector<std::int64_t> ids;
            for (const auto& p : *batch) ids.push_back(p.id);
            geometries = store->programme_geometries(ids);
        }
        for (const auto& p : *batch) {
            nlohmann::json props;
            if (format == "geojson") {
                const auto values = programme_values(p);
                for (std::size_t i = 0; i < values.size(); ++i) {
                    props[programme_columns()[i].name] = values[i] ? nlohmann::json(*values[i]) : nlohmann::json();
                }
                props["id"] = p.id;
                props["max_amount"] = p.max_amount ? nlohmann::json(*p.max_amount) : nlohmann::json();
                props["purposes"] = p.purposes;
                props["industries"] = p.industries;
                props["areas"] = p.areas;
            }
            auto g = geometries.find(p.id);
            out.add(std::to_string(p.id), programme_values(p), g == geometries.end() ? Value() : Value(g->second), props);
        }
        return true;
    });
    stream.start();
    return std::move(stream).response("programmes");
}

Response export_areas(const std::optional<std::vector<std::string>>& codes, const std::string& format,
                      programmes::FeatureStore* features) {
    auto& store = need(features);
    constexpr int batch = 500;
    // Keyset paging by code: `after` is the last code sent; a short batch is the last.
    ExportStream stream(std::make_unique<ExportWriter>(format, "areas", area_columns()),
                        [store = &store, codes, format, after = std::optional<std::string>(),
                         done = false](ExportWriter& out) mutable {
        if (done) return false;
        const auto rows = store->areas(codes, format != "csv", after, batch);
        done = static_cast<int>(rows.size()) < batch;
        if (rows.empty()) return false;
        after = rows.back().code;
        for (const auto& a : rows) {
            nlohmann::json props;
            if (format == "geojson") {
                const auto values = area_values(a);
                for (std::size_t i = 0; i < values.size(); ++i) {
                    props[area_columns()[i].name] = values[i] ? nlohmann::json(*values[i]) : nlohmann::json();
                }
                props["programmes"] = a.programmes;
                props["local"] = a.local;
            }
            out.add(nlohmann::json(a.code).dump(), area_values(a), a.geometry, props);
        }
        return true;
    });
    stream.start();
    return std::move(stream).response("areas");
}

}  // namespace policymap::http
