// Scaling out on standard parts: servers with DATABASE_URL = the fixture's
// primary and DATABASE_READ_URL = a streaming replica of it
// (tests/integration/replica.sh). Writes go to the primary, reads to the
// replica; the tile cache never keeps a tile from a replica that has not
// replayed the change that invalidated it; two instances see each other's
// edits within a second; a killed instance loses no accepted write.
#include "integration/support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

using namespace policymap::test;
using nlohmann::json;
using std::chrono::steady_clock;

namespace {

std::string replica_url() {
    auto url = state_file("replica/url");
    while (!url.empty() && (url.back() == '\n' || url.back() == ' ')) url.pop_back();
    return url;
}

std::map<std::string, std::string> scaled_out_env(const std::string& name) {
    return {{"DATABASE_URL", db_url() + "?application_name=policymap-it-" + name},
            {"DATABASE_READ_URL", replica_url() + "?application_name=policymap-it-" + name},
            {"POLICYMAP_TILE_CACHE_MB", "64"},
            {"POLICYMAP_PORT", "0"}};
}

const std::map<std::string, std::string> json_type = {{"Content-Type", "application/json"}};

std::int64_t create_via(const std::string& base, const Agency& a, const json& body) {
    auto r = http_request("POST", base + "/v1/programmes", body.dump(), a.auth(json_type));
    INFO(r.body);
    REQUIRE(r.status == 201);
    return json::parse(r.body).at("id").get<std::int64_t>();
}

// Runs `sql` on the replica itself (a superuser session: replay control works).
std::string on_replica(const std::string& sql) {
    pqxx::connection conn(replica_url());
    pqxx::nontransaction tx(conn);
    auto r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].c_str();
}

bool replica_has(std::int64_t id) {
    return on_replica("SELECT count(*) FROM programmes WHERE id = " + std::to_string(id)) == "1";
}

// Polls `done` every 20 ms until it holds or `limit` passes; returns the time it took.
template <typename F>
std::chrono::milliseconds within(std::chrono::milliseconds limit, F done) {
    const auto start = steady_clock::now();
    while (!done()) {
        if (steady_clock::now() - start > limit) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - start);
}

// How many programmes a search of 13101 finds, as `base` answers it.
std::int64_t chiyoda_total(const std::string& base) {
    auto r = http_get(base + "/v1/programmes?area=13101&limit=1");
    REQUIRE(r.status == 200);
    return json::parse(r.body).at("total").get<std::int64_t>();
}

// Resumes replay on the replica even when a check fails half-way.
struct ReplayPause {
    ReplayPause() { on_replica("SELECT pg_wal_replay_pause()"); }
    ~ReplayPause() {
        try {
            on_replica("SELECT pg_wal_replay_resume()");
        } catch (...) {
        }
    }
};

std::string etag(const HttpResult& r) {
    auto it = r.headers.find("etag");
    return it == r.headers.end() ? std::string() : it->second;
}

// 千代田区 (13101) at z12, over Tokyo Station.
const std::string chiyoda_tile = "/tiles/municipalities/12/3638/1612.mvt";

}  // namespace

TEST_CASE("reads go to the replica, writes to the primary, and a write is visible through the replica",
          "[integration][replica]") {
    REQUIRE(on_replica("SELECT pg_is_in_recovery()") == "t");
    ServerProcess a(scaled_out_env("reads"));
    const auto agency = make_agency("13101");
    const auto id = create_via(a.base(), agency, programme("13101"));
    CHECK(within(std::chrono::seconds(5), [&] { return replica_has(id); }) < std::chrono::seconds(5));
    auto detail = http_get(a.base() + "/v1/programmes/" + std::to_string(id));
    CHECK(detail.status == 200);
    CHECK(json::parse(detail.body).at("id").get<std::int64_t>() == id);
    // The search and detail reads above ran on the replica's connections.
    CHECK(std::stoi(on_replica("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'policymap'")) > 0);
}

TEST_CASE("a tile rendered on a replica that has not replayed the change is served but not cached",
          "[integration][replica]") {
    ServerProcess a(scaled_out_env("lag"));
    const auto agency = make_agency("13101");
    const auto before = http_get(a.base() + chiyoda_tile);
    REQUIRE(before.status == 200);
    REQUIRE(etag(http_get(a.base() + chiyoda_tile)) == etag(before));  // cached now
    std::int64_t id = 0;
    {
        ReplayPause pause;
        id = create_via(a.base(), agency, programme("13101"));
        // The change notice reached this instance (its cache dropped the tile), but the
        // replica still has the old counts: the tile it renders is the old one.
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        REQUIRE_FALSE(replica_has(id));
        const auto stale = http_get(a.base() + chiyoda_tile);
        CHECK(etag(stale) == etag(before));
    }
    REQUIRE(within(std::chrono::seconds(5), [&] { return replica_has(id); }) < std::chrono::seconds(5));
    // No further notice comes: had the stale tile been cached, it would be served now.
    const auto after = http_get(a.base() + chiyoda_tile);
    CHECK(after.status == 200);
    CHECK(etag(after) != etag(before));
    CHECK(etag(http_get(a.base() + chiyoda_tile)) == etag(after));
}

TEST_CASE("two instances: an edit through one shows in tiles, ETags and search on the other within a second",
          "[integration][replica]") {
    ServerProcess a(scaled_out_env("a"));
    ServerProcess b(scaled_out_env("b"));
    const auto agency = make_agency("13101");
    const auto tile_before = http_get(b.base() + chiyoda_tile);
    REQUIRE(tile_before.status == 200);
    const auto total_before = chiyoda_total(b.base());  // cached on b under the current data version

    const auto id = create_via(a.base(), agency, programme("13101"));
    const auto seen = within(std::chrono::seconds(3), [&] {
        return etag(http_get(b.base() + chiyoda_tile)) != etag(tile_before) &&
               chiyoda_total(b.base()) > total_before &&
               http_get(b.base() + "/v1/programmes/" + std::to_string(id)).status == 200;
    });
    INFO("tile etag changed: " << (etag(http_get(b.base() + chiyoda_tile)) != etag(tile_before))
                               << ", total " << total_before << " -> " << chiyoda_total(b.base()) << ", detail "
                               << http_get(b.base() + "/v1/programmes/" + std::to_string(id)).status);
    CHECK(seen < std::chrono::seconds(1));

    // An update through a: b's detail answers with the new ETag and title.
    const auto path = "/v1/programmes/" + std::to_string(id);
    const auto d0 = http_get(b.base() + path);
    REQUIRE(d0.status == 200);
    auto changed = programme("13101");
    auto h = agency.auth(json_type);
    h["If-Match"] = etag(d0);
    auto put = http_request("PUT", a.base() + path, changed.dump(), h);
    INFO(put.body);
    REQUIRE(put.status == 200);
    const auto title = changed.at("title").get<std::string>();
    const auto updated = within(std::chrono::seconds(3), [&] {
        auto d = http_get(b.base() + path);
        return d.status == 200 && etag(d) != etag(d0) &&
               json::parse(d.body).at("title").get<std::string>() == title;
    });
    CHECK(updated < std::chrono::seconds(1));
}

TEST_CASE("an instance killed during a stream of writes loses no write it accepted", "[integration][replica]") {
    auto victim = std::make_unique<ServerProcess>(scaled_out_env("victim"));
    const auto agency = make_agency("13101");
    std::mutex m;
    std::vector<std::int64_t> accepted;
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    const std::string base = victim->base();
    for (int w = 0; w < 4; ++w) {
        writers.emplace_back([&] {
            while (!stop) {
                HttpResult r;
                try {
                    r = http_request("POST", base + "/v1/programmes", programme("13101").dump(), agency.auth(json_type));
                } catch (const std::exception&) {
                    return;  // the server is gone
                }
                if (r.status == 201) {
                    std::lock_guard lock(m);
                    accepted.push_back(json::parse(r.body).at("id").get<std::int64_t>());
                }
            }
        });
    }
    within(std::chrono::seconds(20), [&] {
        std::lock_guard lock(m);
        return accepted.size() >= 20;
    });
    victim->kill_now();
    stop = true;
    for (auto& t : writers) t.join();
    REQUIRE(accepted.size() >= 20);

    pqxx::connection conn(db_url());
    pqxx::read_transaction tx(conn);
    std::set<std::int64_t> stored;
    for (const auto& row : tx.exec_params("SELECT id FROM programmes WHERE owner_agency_id = $1", agency.id)) {
        stored.insert(row[0].as<std::int64_t>());
    }
    std::vector<std::int64_t> lost;
    for (auto id : accepted) {
        if (stored.count(id) == 0) lost.push_back(id);
    }
    INFO(accepted.size() << " writes accepted, " << stored.size() << " stored");
    CHECK(lost.empty());
}
