#include "geo/n03_reader.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <set>

using namespace policymap;

namespace {
std::string data() {
    const char* d = std::getenv("POLICYMAP_DATA");
    return d != nullptr && *d != '\0' ? std::string(d) : std::string(POLICYMAP_DEFAULT_DATA);
}

std::map<std::string, std::string> names_by_code(const geo::N03File& f) {
    std::map<std::string, std::string> out;
    for (const auto& feat : f.features) {
        if (!feat.N03_007) continue;
        auto name = feat.N03_003.value_or("") + "|" + feat.N03_004.value_or("");
        auto [it, inserted] = out.emplace(*feat.N03_007, name);
        if (!inserted) CHECK(it->second == name);  // every part of one code carries the same names
    }
    return out;
}
}  // namespace

TEST_CASE("the official Tokyo zip in Shift_JIS without .cpg reads like the GeoJSON", "[geo]") {
    auto zip = geo::read_n03(data() + "/n03-official-format/N03-20210101_13_GML.zip");
    auto json = geo::read_n03(data() + "/n03-2021/s0010/N03-21_13_210101.json");
    CHECK(zip.encoding == "CP932");
    CHECK(zip.features.size() > json.features.size());  // one row per polygon part
    auto a = names_by_code(zip);
    auto b = names_by_code(json);
    CHECK(a.size() == 62);
    CHECK(a == b);
    CHECK(a.at("13101") == "|千代田区");
    CHECK(a.at("13361") == "大島支庁|大島町");
    for (const auto& f : zip.features) CHECK(f.N03_001 == "東京都");
}

TEST_CASE("the official Osaka zip with a .cpg reads like the GeoJSON", "[geo]") {
    auto zip = geo::read_n03(data() + "/n03-official-format/N03-20210101_27_GML.zip");
    auto json = geo::read_n03(data() + "/n03-2021/s0010/N03-21_27_210101.json");
    CHECK(names_by_code(zip) == names_by_code(json));
    CHECK(names_by_code(zip).at("27128") == "大阪市|中央区");
}

TEST_CASE("a prefecture file is recognised and features without a code are kept for counting", "[geo]") {
    auto prefs = geo::read_n03(data() + "/n03-2021/s0010/prefectures.json");
    CHECK(prefs.prefectures_only);
    CHECK(prefs.features.size() >= 47);
    std::set<std::string> names;
    for (const auto& f : prefs.features) names.insert(f.N03_001);
    CHECK(names.size() == 47);
    std::size_t uncoded = 0;
    for (int p = 1; p <= 47; ++p) {
        char xx[3];
        std::snprintf(xx, sizeof xx, "%02d", p);
        auto f = geo::read_n03(data() + "/n03-2021/s0010/N03-21_" + xx + "_210101.json");
        CHECK_FALSE(f.prefectures_only);
        for (const auto& feat : f.features) uncoded += feat.N03_007 ? 0 : 1;
    }
    CHECK(uncoded == 4);  // 所属未定地, per the data's README
}

TEST_CASE("a file that is not N03 is refused with its name", "[geo]") {
    CHECK_THROWS_WITH(geo::read_n03("/nonexistent/file.json"), Catch::Contains("/nonexistent/file.json"));
}
