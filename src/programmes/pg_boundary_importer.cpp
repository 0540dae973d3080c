#include "programmes/boundary_importer.hpp"

#include "core/error.hpp"
#include "core/resources.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"
#include "geo/n03_reader.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace policymap::programmes {

namespace {

std::string hex(const std::vector<std::uint8_t>& bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    return out;
}

std::string sql(std::string_view path) { return std::string(core::resource(path)); }

}  // namespace

BoundaryReport import_boundaries(const core::Secret& url, const std::vector<std::string>& paths) {
    BoundaryReport report;
    // Read everything first: a bad file stops the import before the database is touched.
    std::vector<geo::N03File> files;
    for (const auto& p : paths) {
        files.push_back(geo::read_n03(p));
        report.encodings.emplace_back(p, files.back().encoding);
    }
    db::Session session(url);
    auto* conn = &session.connection();
    try {
        pqxx::work tx(*conn);
        tx.exec(sql("src/programmes/sql/boundaries_stage.sql"));
        conn->prepare("stage_insert", sql("src/programmes/sql/boundaries_stage_insert.sql"));
        for (const auto& f : files) {
            ++report.files;
            for (const auto& feat : f.features) {
                ++report.features;
                if (!f.prefectures_only && !feat.N03_007) {
                    ++report.undetermined;
                    continue;
                }
                tx.exec_prepared("stage_insert", feat.N03_001, feat.N03_002, feat.N03_003, feat.N03_004, feat.N03_007,
                                 f.prefectures_only, hex(feat.wkb));
            }
        }
        tx.exec(sql("src/programmes/sql/boundaries_apply.sql"));
        for (const auto& row : tx.exec(sql("src/programmes/sql/boundaries_unmatched_prefectures.sql"))) {
            report.unmatched_prefectures.push_back(row[0].as<std::string>());
        }
        tx.exec(sql("src/programmes/sql/area_links_rebuild.sql"));
        tx.exec(sql("src/programmes/sql/area_stats_refresh.sql"));
        // The tile layers' generalised geometry and label points (tiles/ owns the SQL).
        tx.exec(sql("src/tiles/sql/generalise.sql"));
        for (const auto& row : tx.exec(sql("src/programmes/sql/area_counts.sql"))) {
            report.areas[row[0].as<std::string>()] = row[1].as<std::size_t>();
        }
        tx.commit();
        conn->unprepare("stage_insert");
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
    return report;
}

}  // namespace policymap::programmes
