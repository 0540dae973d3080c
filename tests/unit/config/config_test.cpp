#include "config/config.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

using namespace policymap;

namespace {

std::string read_source(const std::string& path) {
    std::ifstream in(std::string(POLICYMAP_SOURCE_DIR) + "/" + path);
    REQUIRE(in);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The field problems of the error load throws for `env`.
std::vector<core::FieldProblem> refusal(const std::map<std::string, std::string>& env) {
    try {
        (void)config::load(env);
    } catch (const core::Error& e) {
        CHECK(e.kind() == core::ErrorKind::invalid_input);
        CHECK(e.code() == "invalid-setting");
        return e.fields();
    }
    FAIL("load accepted an invalid environment");
    return {};
}

}  // namespace

TEST_CASE("an empty environment gives the documented defaults", "[config]") {
    const auto c = config::load({});
    CHECK(c.database.url.empty());
    CHECK(c.database.read_urls.empty());
    CHECK(c.database.home == "var");
    CHECK(c.server.port == 8080);
    CHECK(c.server.web_root.empty());
    CHECK(c.server.frame_ancestors == "*");
    CHECK(c.server.log_level == config::LogLevel::info);
    CHECK(c.tiles.cache_bytes == std::size_t{256} << 20);
    CHECK(c.auth.agency_rate_per_minute == 120);
}

TEST_CASE("settings from the environment fill the typed config", "[config]") {
    const auto c = config::load({{"DATABASE_URL", "postgresql://pm:pw@db-primary:5432/policymap"},
                                 {"DATABASE_READ_URL", "postgresql://pm:pw@r1/policymap, postgresql://pm:pw@r2/policymap"},
                                 {"POLICYMAP_PORT", "0"},
                                 {"POLICYMAP_TILE_CACHE_MB", "0"},
                                 {"POLICYMAP_AGENCY_RATE", "600"},
                                 {"POLICYMAP_LOG_LEVEL", "debug"},
                                 {"POLICYMAP_HOME", "/var/lib/policymap"},
                                 {"POLICYMAP_DATA", "/data"},
                                 {"DATABASE_NAME", "other programs' variable"}});
    CHECK(c.database.url.reveal() == "postgresql://pm:pw@db-primary:5432/policymap");
    REQUIRE(c.database.read_urls.size() == 2);
    CHECK(c.database.read_urls[0].reveal() == "postgresql://pm:pw@r1/policymap");
    CHECK(c.database.read_urls[1].reveal() == "postgresql://pm:pw@r2/policymap");
    CHECK(c.server.port == 0);
    CHECK(c.tiles.cache_bytes == 0);
    CHECK(c.auth.agency_rate_per_minute == 600);
    CHECK(c.server.log_level == config::LogLevel::debug);
    CHECK(c.database.home == "/var/lib/policymap");
}

TEST_CASE("an empty value counts as unset", "[config]") {
    const auto c = config::load({{"POLICYMAP_PORT", ""}, {"DATABASE_URL", ""}});
    CHECK(c.server.port == 8080);
    CHECK(c.database.url.empty());
}

TEST_CASE("unknown and invalid settings are all named at once", "[config]") {
    const auto problems = refusal({{"POLICYMAP_PROT", "8080"},
                                   {"POLICYMAP_PORT", "80a"},
                                   {"POLICYMAP_TILE_CACHE_MB", "-1"},
                                   {"POLICYMAP_AGENCY_RATE", "0"},
                                   {"POLICYMAP_LOG_LEVEL", "verbose"},
                                   {"DATABASE_READ_URL", "postgresql://pm:hunter2@r1/policymap,,"}});
    std::map<std::string, core::FieldProblem> by_name;
    for (const auto& p : problems) by_name.emplace(p.field, p);
    CHECK(by_name.size() == 6);
    CHECK(by_name.at("POLICYMAP_PROT").message.find("unknown setting") != std::string::npos);
    CHECK(by_name.at("POLICYMAP_PORT").message == "must be a port number 0..65535");
    CHECK(by_name.at("POLICYMAP_PORT").value == "80a");
    CHECK(by_name.at("POLICYMAP_TILE_CACHE_MB").message == "must be a whole number of MiB 0..65536");
    CHECK(by_name.at("POLICYMAP_AGENCY_RATE").message == "must be requests per minute 1..1000000");
    CHECK(by_name.at("POLICYMAP_LOG_LEVEL").message == "must be one of debug, info, warn, error");
    CHECK(by_name.at("DATABASE_READ_URL").message == "must not hold an empty entry");
    // A connection string never appears in an error, even a wrong one.
    CHECK(by_name.at("DATABASE_READ_URL").value.find("hunter2") == std::string::npos);
}

TEST_CASE("a database URL must look like one", "[config]") {
    const auto problems = refusal({{"DATABASE_URL", "db-primary:5432"}});
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field == "DATABASE_URL");
    CHECK(config::load({{"DATABASE_URL", "host=127.0.0.1 port=5432 dbname=policymap"}}).database.url.reveal() ==
          "host=127.0.0.1 port=5432 dbname=policymap");
}

TEST_CASE("--port is checked like POLICYMAP_PORT", "[config]") {
    CHECK(config::parse_port("--port", "65535") == 65535);
    CHECK_THROWS_AS(config::parse_port("--port", "65536"), core::Error);
    CHECK_THROWS_AS(config::parse_port("--port", " 80"), core::Error);
}

TEST_CASE("every setting is in the README table and no other", "[config]") {
    const auto readme = read_source("README.md");
    const auto start = readme.find("## Configuration");
    REQUIRE(start != std::string::npos);
    const auto section = readme.substr(start, readme.find("\n## ", start + 1) - start);
    std::set<std::string> documented;
    std::istringstream lines(section);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("| `", 0) == 0) documented.insert(line.substr(3, line.find('`', 3) - 3));
    }
    std::set<std::string> names;
    for (const auto& s : config::settings()) names.insert(std::string(s.name));
    CHECK(documented == names);
}

TEST_CASE("the example environment file sets every server setting to its default", "[config]") {
    const auto example = read_source("docker/policymap.env.example");
    std::set<std::string> listed;
    std::istringstream lines(example);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("# ", 0) == 0) line = line.substr(2);
        const auto eq = line.find('=');
        if (eq == std::string::npos || line.find(' ') < eq || line.empty()) continue;
        const auto name = line.substr(0, eq);
        const auto value = line.substr(eq + 1);
        listed.insert(name);
        for (const auto& s : config::settings()) {
            if (s.name == name && !s.secret) CHECK(value == std::string(s.default_text));
        }
    }
    std::set<std::string> server;
    for (const auto& s : config::settings()) {
        if (s.reader == config::Reader::server) server.insert(std::string(s.name));
    }
    CHECK(listed == server);
}

TEST_CASE("every variable the compose file and the Dockerfile use is a setting of the table", "[config]") {
    std::set<std::string> names;
    for (const auto& s : config::settings()) names.insert(std::string(s.name));
    for (const char* file : {"docker/compose.yaml", "docker/Dockerfile"}) {
        const auto text = read_source(file);
        for (const std::string prefix : {"POLICYMAP_", "DATABASE_"}) {
            for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) {
                auto end = at;
                while (end < text.size() && (std::isupper(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
                const auto name = text.substr(at, end - at);
                if (at >= 2 && text.compare(at - 2, 2, "-D") == 0) continue;  // a CMake option, not a setting
                INFO(file << ": " << name);
                CHECK(names.count(name) == 1);
                at = end;
            }
        }
    }
}
