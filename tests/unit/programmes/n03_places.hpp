// Test support: the real N03 boundaries (../shared/geodata) as Places, read
// the way the importer reads them, so that resolver tests run on real names.
// Header-only: the unit test target compiles *_test.cpp files only.
#pragma once

#include "programmes/gazetteer.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace policymap::programmes::test_support {

// The shared data folder: $POLICYMAP_DATA, else ../shared/geodata beside the source tree.
inline std::string data_dir() {
    const char* dir = std::getenv("POLICYMAP_DATA");
    return dir != nullptr && *dir != '\0' ? dir : POLICYMAP_DEFAULT_DATA;
}

// Places of n03-2021/s0010/N03-21_XX_210101.json, XX = 01..47, through
// places_from_n03. Throws std::runtime_error when a file is missing.
inline std::vector<Place> load_n03_places(const std::string& data_dir) {
    const auto property = [](const nlohmann::json& properties, const char* key) {
        const auto it = properties.find(key);
        return it == properties.end() || !it->is_string() ? std::string() : it->get<std::string>();
    };
    std::vector<N03Properties> features;
    for (int pref = 1; pref <= 47; ++pref) {
        const std::string xx{static_cast<char>('0' + pref / 10), static_cast<char>('0' + pref % 10)};
        const std::string path = data_dir + "/n03-2021/s0010/N03-21_" + xx + "_210101.json";
        std::ifstream in(path);
        if (!in) {
            throw std::runtime_error("cannot open " + path + " (set POLICYMAP_DATA to the shared geodata folder)");
        }
        // Geometry is most of each file and none of the tests' business: drop it while parsing.
        const auto skip_geometry = [](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
            return !(event == nlohmann::json::parse_event_t::key && parsed == "geometry");
        };
        const nlohmann::json collection = nlohmann::json::parse(in, skip_geometry);
        for (const nlohmann::json& feature : collection.at("features")) {
            const nlohmann::json& p = feature.at("properties");
            features.push_back(N03Properties{property(p, "N03_001"), property(p, "N03_002"), property(p, "N03_003"),
                                             property(p, "N03_004"), property(p, "N03_007")});
        }
    }
    return places_from_n03(features);
}

// A Gazetteer of every N03 place, loaded once per test run.
inline const Gazetteer& n03_gazetteer() {
    static const Gazetteer gazetteer(load_n03_places(data_dir()));
    return gazetteer;
}

}  // namespace policymap::programmes::test_support
