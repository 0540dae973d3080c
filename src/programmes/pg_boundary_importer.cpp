#include "programmes/boundary_importer.hpp"

#include "core/error.hpp"
#include "core/resources.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"
#include "geo/n03_reader.hpp"
#include "programmes/gazetteer.hpp"

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
    // A prefecture polygon carries only its name (N03_001): code it with JIS X 0401
    // before anything is written. Refuse a name that is not a prefecture, and a
    // municipality whose code is not 5 digits inside the prefecture it names.
    std::vector<std::string> refused;
    for (const auto& f : files) {
        for (const auto& feat : f.features) {
            if (f.prefectures_only) {
                if (!prefecture_code(feat.N03_001)) refused.push_back(f.path + ": N03_001 " + feat.N03_001);
                continue;
            }
            if (!feat.N03_007) continue;
            const std::string& code = *feat.N03_007;
            const bool digits = code.size() == 5 && code.find_first_not_of("0123456789") == std::string::npos;
            const auto pref = digits ? prefecture_name(code.substr(0, 2)) : std::string_view();
            if (pref.empty() || pref != feat.N03_001) {
                refused.push_back(f.path + ": N03_007 " + code + " with N03_001 " + feat.N03_001);
            }
        }
    }
    if (!refused.empty()) {
        std::string list;
        for (std::size_t i = 0; i < refused.size() && i < 10; ++i) list += (i == 0 ? "" : "; ") + refused[i];
        if (refused.size() > 10) list += "; and " + std::to_string(refused.size() - 10) + " more";
        core::throw_invalid("invalid-boundaries",
                            "features whose prefecture name or code is not a JIS X 0401 prefecture: " + list);
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
                const auto code = f.prefectures_only ? prefecture_code(feat.N03_001) : feat.N03_007;
                tx.exec_prepared("stage_insert", feat.N03_001, feat.N03_002, feat.N03_003, feat.N03_004, code,
                                 f.prefectures_only, hex(feat.wkb));
            }
        }
        tx.exec(sql("src/programmes/sql/boundaries_apply.sql"));
        for (const auto& row : tx.exec(sql("src/programmes/sql/boundaries_prefectures.sql"))) {
            report.prefectures.push_back(row[0].as<std::string>());
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
