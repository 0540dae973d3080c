#include "metrics/registry.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace policymap;

TEST_CASE("counters and gauges render in the Prometheus text format", "[metrics]") {
    metrics::Registry r;
    r.declare("req_total", metrics::Type::counter, "Requests\nby route");
    r.declare("temp", metrics::Type::gauge, "A gauge");
    r.add("req_total", {{"route", "/a"}, {"status", "200"}});
    r.add("req_total", {{"route", "/a"}, {"status", "200"}}, 2);
    r.add("req_total", {{"route", "say \"hi\"\\"}, {"status", "404"}});
    r.set("temp", {}, 1.5);
    const auto text = r.render();
    CHECK(text.find("# HELP req_total Requests\\nby route\n# TYPE req_total counter\n") != std::string::npos);
    CHECK(text.find("req_total{route=\"/a\",status=\"200\"} 3\n") != std::string::npos);
    CHECK(text.find("req_total{route=\"say \\\"hi\\\"\\\\\",status=\"404\"} 1\n") != std::string::npos);
    CHECK(text.find("# TYPE temp gauge\ntemp 1.5\n") != std::string::npos);
    CHECK(r.value("req_total", {{"route", "/a"}, {"status", "200"}}) == 3);
}

TEST_CASE("histograms are cumulative with +Inf, sum and count", "[metrics]") {
    metrics::Registry r;
    r.declare("lat", metrics::Type::histogram, "Latency", {0.1, 1});
    r.observe("lat", {{"route", "/x"}}, 0.05);
    r.observe("lat", {{"route", "/x"}}, 0.1);
    r.observe("lat", {{"route", "/x"}}, 0.5);
    r.observe("lat", {{"route", "/x"}}, 7);
    const auto text = r.render();
    CHECK(text.find("lat_bucket{route=\"/x\",le=\"0.1\"} 2\n") != std::string::npos);
    CHECK(text.find("lat_bucket{route=\"/x\",le=\"1\"} 3\n") != std::string::npos);
    CHECK(text.find("lat_bucket{route=\"/x\",le=\"+Inf\"} 4\n") != std::string::npos);
    CHECK(text.find("lat_sum{route=\"/x\"} 7.65\n") != std::string::npos);
    CHECK(text.find("lat_count{route=\"/x\"} 4\n") != std::string::npos);
}

TEST_CASE("collectors run at every render; a failing one is skipped", "[metrics]") {
    metrics::Registry r;
    r.declare("cache_bytes", metrics::Type::gauge, "Bytes");
    int calls = 0;
    r.add_collector([&](metrics::Registry& reg) { reg.set("cache_bytes", {}, ++calls * 10.0); });
    r.add_collector([](metrics::Registry&) { throw std::runtime_error("database down"); });
    CHECK(r.render().find("cache_bytes 10\n") != std::string::npos);
    CHECK(r.render().find("cache_bytes 20\n") != std::string::npos);
}

TEST_CASE("misuse of the registry fails loudly", "[metrics]") {
    metrics::Registry r;
    r.declare("c_total", metrics::Type::counter, "C");
    CHECK_THROWS_AS(r.add("nope", {}), std::logic_error);
    CHECK_THROWS_AS(r.observe("c_total", {}, 1), std::logic_error);
    CHECK_THROWS_AS(r.add("c_total", {}, -1), std::logic_error);
    CHECK_THROWS_AS(r.declare("c_total", metrics::Type::gauge, "G"), std::logic_error);
    CHECK_THROWS_AS(r.declare("h", metrics::Type::histogram, "H", {1, 0.5}), std::logic_error);
}
