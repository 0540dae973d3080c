// geo/ owns the GEOS, PROJ and GDAL handles. Nothing above it includes their
// headers. This file reads MLIT N03 administrative-area files with GDAL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace policymap::geo {

// One feature of an N03 file, fields under their N03 names, geometry as
// ISO WKB in lon/lat (JGD2011 / WGS84; the two differ by centimetres).
struct N03Feature {
    std::string N03_001;                 // prefecture name
    std::optional<std::string> N03_002;  // sub-prefecture (振興局)
    std::optional<std::string> N03_003;  // county, designated city or island sub-prefecture
    std::optional<std::string> N03_004;  // municipality or ward
    std::optional<std::string> N03_007;  // 5-digit code; absent for 所属未定地
    std::vector<std::uint8_t> wkb;
};

struct N03File {
    std::string path;
    bool prefectures_only = false;  // a file of prefecture polygons (only N03_001)
    std::vector<N03Feature> features;
    std::string encoding;  // how attribute text was decoded ("UTF-8", "CP932", ...)
};

// Reads an N03 GeoJSON file or an official zipped Shapefile (read straight
// from the zip through /vsizip/). Shapefiles without a .cpg and without a
// code-page byte are decoded as CP932 when their text is not valid UTF-8,
// as MLIT's files are. Throws core::Error(invalid_input) naming the file
// when it cannot be opened or has no N03_001 field.
N03File read_n03(const std::string& path);

}  // namespace policymap::geo
