#include "core/error.hpp"
#include "db/migrations.hpp"
#include "db/pool.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace policymap;

TEST_CASE("connect_timeout is added to both connection string forms, never twice", "[db]") {
    using std::chrono::seconds;
    CHECK(db::with_connect_timeout("postgresql://u:p@127.0.0.1:5432/db", seconds(2)) ==
          "postgresql://u:p@127.0.0.1:5432/db?connect_timeout=2");
    CHECK(db::with_connect_timeout("postgres://h/db?sslmode=disable", seconds(3)) ==
          "postgres://h/db?sslmode=disable&connect_timeout=3");
    CHECK(db::with_connect_timeout("host=h dbname=db", seconds(2)) == "host=h dbname=db connect_timeout=2");
    CHECK(db::with_connect_timeout("", seconds(2)) == "connect_timeout=2");
    CHECK(db::with_connect_timeout("host=h connect_timeout=10", seconds(2)) == "host=h connect_timeout=10");
}

TEST_CASE("a statement timeout for the import commands travels in libpq's options", "[db]") {
    using std::chrono::milliseconds;
    CHECK(db::with_statement_timeout("postgresql://u:p@127.0.0.1:5432/db", milliseconds(600000)) ==
          "postgresql://u:p@127.0.0.1:5432/db?options=-c%20statement_timeout%3D600000");
    CHECK(db::with_statement_timeout("postgresql://h/db?sslmode=disable", milliseconds(5)) ==
          "postgresql://h/db?sslmode=disable&options=-c%20statement_timeout%3D5");
    CHECK(db::with_statement_timeout("host=h dbname=db", milliseconds(5)) == "host=h dbname=db options='-c statement_timeout=5'");
    CHECK(db::with_statement_timeout("host=h options='-c work_mem=64MB'", milliseconds(5)) == "host=h options='-c work_mem=64MB'");
}

TEST_CASE("the embedded migrations are listed in order, readiness compares against them", "[db]") {
    const auto versions = db::embedded_migration_versions();
    REQUIRE(versions.size() >= 7);
    CHECK(versions.front() == 1);
    CHECK(std::is_sorted(versions.begin(), versions.end()));
    CHECK(std::find(versions.begin(), versions.end(), 11) != versions.end());
}

TEST_CASE("a pool that cannot reach its database answers unavailable quickly", "[db]") {
    // Port 1 on loopback: refused at once, no server needed.
    db::PoolSettings settings;
    settings.url = core::Secret("postgresql://u:secret@127.0.0.1:1/db");
    settings.size = 2;
    db::Pool pool(settings);
    db::Pool tiles(pool, std::chrono::milliseconds(100));
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 5; ++i) {
        try {
            (void)tiles.acquire();
            FAIL("acquired a connection to nothing");
        } catch (const core::Error& e) {
            CHECK(e.kind() == core::ErrorKind::unavailable);
            CHECK(e.detail().find("secret") == std::string::npos);
        }
    }
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    CHECK(pool.open_connections() == 0);  // failed attempts leave no slot taken
}
