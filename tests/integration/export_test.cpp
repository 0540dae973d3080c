// Exports of /v1/programmes and /v1/areas, opened with GDAL (CSV, GeoJSON and
// GeoPackage drivers) and checked row by row against the JSON search.
#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>
#include <pqxx/pqxx>

#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

using namespace policymap::test;
using nlohmann::json;

namespace {

struct Opened {
    std::vector<std::string> columns;
    std::vector<std::map<std::string, std::string>> rows;
    int with_geometry = 0;
};

Opened open_with_gdal(const std::string& bytes, const std::string& ext) {
    static bool registered = [] {
        GDALAllRegister();
        return true;
    }();
    (void)registered;
    auto file = std::filesystem::temp_directory_path() / ("pm-export-" + std::to_string(::getpid()) + "." + ext);
    std::ofstream(file, std::ios::binary) << bytes;
    GDALDataset* ds = static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    REQUIRE(ds != nullptr);
    REQUIRE(ds->GetLayerCount() == 1);
    Opened out;
    OGRLayer* layer = ds->GetLayer(0);
    auto* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) out.columns.push_back(defn->GetFieldDefn(i)->GetNameRef());
    for (auto& feat : *layer) {
        std::map<std::string, std::string> row;
        for (int i = 0; i < feat->GetFieldCount(); ++i) {
            if (feat->IsFieldSetAndNotNull(i)) row[out.columns[static_cast<std::size_t>(i)]] = feat->GetFieldAsString(i);
        }
        if (feat->GetGeometryRef() != nullptr && !feat->GetGeometryRef()->IsEmpty()) ++out.with_geometry;
        out.rows.push_back(std::move(row));
    }
    GDALClose(ds);
    std::filesystem::remove(file);
    return out;
}

// Every id the JSON search gives for `query`, following the next links.
std::vector<std::string> search_ids(const std::string& query) {
    std::vector<std::string> ids;
    std::string path = "/v1/programmes?limit=100&" + query;
    while (!path.empty()) {
        auto r = http_get(path);
        REQUIRE(r.status == 200);
        auto j = json::parse(r.body);
        for (const auto& p : j["items"]) ids.push_back(std::to_string(p["id"].get<std::int64_t>()));
        path = j["next"].is_null() ? "" : j["next"].get<std::string>();
    }
    return ids;
}

const std::vector<std::string> programme_columns{"id", "source", "source_id", "title", "institution_name", "purposes",
                                                 "industries", "employees", "max_amount", "rate", "acceptance_start",
                                                 "acceptance_end", "url", "status", "scope", "areas"};

}  // namespace

TEST_CASE("programmes as CSV: BOM, CRLF, the columns, the same rows as the JSON search", "[integration][export]") {
    const std::string filter = "area=13101&purpose=" "%E8%A8%AD%E5%82%99%E6%95%B4%E5%82%99%E3%83%BBIT%E5%B0%8E%E5%85%A5%E3%82%92%E3%81%97%E3%81%9F%E3%81%84";
    auto r = http_get("/v1/programmes?format=csv&" + filter);
    REQUIRE(r.status == 200);
    CHECK(r.headers["content-type"].rfind("text/csv", 0) == 0);
    CHECK(r.headers["content-disposition"] == "attachment; filename=\"programmes.csv\"");
    REQUIRE(r.body.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(r.body.find("\r\n") != std::string::npos);
    auto csv = open_with_gdal(r.body, "csv");
    CHECK(csv.columns == programme_columns);
    std::vector<std::string> ids;
    for (const auto& row : csv.rows) ids.push_back(row.at("id"));
    const auto expected = search_ids(filter);
    REQUIRE(!expected.empty());
    CHECK(ids == expected);
    // Streamed: chunked, with the row count in the trailer after the body.
    CHECK(r.headers["transfer-encoding"] == "chunked");
    CHECK(r.headers.count("content-length") == 0);
    CHECK(r.headers["trailer"] == "X-Row-Count");
    CHECK(r.headers["x-row-count"] == std::to_string(expected.size()));
    for (const auto& row : csv.rows) CHECK(row.at("scope") != "");

    // The test's own CSV reader agrees (quoting of commas, quotes and line breaks).
    const auto path = state_file_path("export.csv");
    std::ofstream(path, std::ios::binary) << r.body;
    CHECK(read_csv_rows(path).size() == expected.size());
}

TEST_CASE("every programme as GeoJSON and GeoPackage: rows, columns, coverage geometry", "[integration][export]") {
    const auto expected = search_ids("");
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    const auto nationwide = tx.exec1(
        "SELECT count(*) FROM programmes p WHERE programme_published_at(p.status, p.publish_start, p.publish_end, now()) "
        "AND EXISTS (SELECT 1 FROM programme_areas pa WHERE pa.programme_id = p.id AND pa.area_code = 'JP')")[0].as<int>();
    for (const std::string ext : {"geojson", "gpkg"}) {
        auto r = http_get("/v1/programmes?format=" + ext);
        REQUIRE(r.status == 200);
        CHECK(r.headers["content-disposition"] == "attachment; filename=\"programmes." + ext + "\"");
        CHECK(r.headers["content-type"] == (ext == "gpkg" ? "application/geopackage+sqlite3" : "application/geo+json"));
        auto opened = open_with_gdal(r.body, ext);
        INFO(ext);
        CHECK(opened.rows.size() == expected.size());
        for (const auto& c : programme_columns) CHECK(std::find(opened.columns.begin(), opened.columns.end(), c) != opened.columns.end());
        CHECK(opened.with_geometry == static_cast<int>(expected.size()) - nationwide);
    }
}

TEST_CASE("the area list as CSV and GeoPackage: every area with its counts", "[integration][export]") {
    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    const auto areas = tx.exec1("SELECT count(*) FROM areas")[0].as<std::size_t>();
    const auto chiyoda = tx.exec1("SELECT programmes FROM area_stats WHERE area_code = '13101'")[0].as<std::string>();
    auto csv_answer = http_get("/v1/areas?format=csv");
    // More areas than one batch of 500: several batches went out as chunks.
    REQUIRE(areas > 1500);
    CHECK(csv_answer.headers["transfer-encoding"] == "chunked");
    CHECK(csv_answer.headers["x-row-count"] == std::to_string(areas));
    auto csv = open_with_gdal(csv_answer.body, "csv");
    CHECK(csv.rows.size() == areas);
    CHECK(csv.columns == std::vector<std::string>{"code", "name", "level", "pref_code", "prefecture", "parent_code",
                                                  "reading", "programmes", "local"});
    bool found = false;
    for (const auto& row : csv.rows) {
        if (row.at("code") != "13101") continue;
        found = true;
        CHECK(row.at("name") == "千代田区");
        CHECK(row.at("prefecture") == "東京都");
        CHECK(row.at("programmes") == chiyoda);
    }
    CHECK(found);
    auto gpkg = open_with_gdal(http_get("/v1/areas?format=gpkg").body, "gpkg");
    CHECK(gpkg.rows.size() == areas);
    CHECK(gpkg.with_geometry == static_cast<int>(areas));
    // q narrows the list as the name search does.
    auto fuchu = open_with_gdal(http_get("/v1/areas?format=geojson&q=%E5%BA%9C%E4%B8%AD").body, "geojson");
    std::set<std::string> codes;
    for (const auto& row : fuchu.rows) codes.insert(row.at("code"));
    CHECK(codes.count("13206") == 1);  // 府中市, Tokyo
    CHECK(codes.count("34208") == 1);  // 府中市, Hiroshima
}

TEST_CASE("HEAD of an export sends the download's header and no body", "[integration][export]") {
    auto r = http_request("HEAD", "/v1/areas?format=gpkg");
    CHECK(r.status == 200);
    CHECK(r.headers["content-type"] == "application/geopackage+sqlite3");
    CHECK(r.headers["content-disposition"] == "attachment; filename=\"areas.gpkg\"");
    CHECK(r.body.empty());
    CHECK(r.headers.count("x-row-count") == 0);
}

TEST_CASE("export parameters are checked like the search's", "[integration][export]") {
    auto bad = http_get("/v1/programmes?format=xlsx");
    CHECK(bad.status == 400);
    CHECK(json::parse(bad.body)["errors"][0]["field"] == "format");
    auto paged = http_get("/v1/programmes?format=csv&limit=10");
    CHECK(paged.status == 400);
    CHECK(json::parse(paged.body)["errors"][0]["field"] == "limit");
    auto purpose = http_get("/v1/programmes?format=gpkg&purpose=nothing");
    CHECK(purpose.status == 400);
    CHECK(json::parse(purpose.body)["errors"][0]["field"] == "purpose");
}
