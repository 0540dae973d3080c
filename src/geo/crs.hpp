// Coordinate reference systems people send coordinates in, and their
// transformation to WGS84 longitude / latitude with PROJ (through GDAL's
// OGRCoordinateTransformation). One transformation per CRS and thread.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace policymap::geo {

// The CRSs accepted from clients: 4326 (WGS84; OGC CRS84 is the same datum
// with longitude first), 6668 (JGD2011 geographic), 3857 (Web Mercator) and
// 6669-6687 (JGD2011 / Japan Plane Rectangular CS I-XIX).
[[nodiscard]] bool supported_crs(int epsg);
[[nodiscard]] bool geographic_crs(int epsg);

// Parses "EPSG:6677", "6677", "CRS84", "OGC:CRS84", the OGC URIs
// http://www.opengis.net/def/crs/EPSG/0/6677 and .../OGC/1.3/CRS84 and
// the URN form urn:ogc:def:crs:EPSG::6677. CRS84 is returned as 4326.
// Returns nullopt for anything else, including unsupported codes.
[[nodiscard]] std::optional<int> parse_crs(std::string_view text);

// The OGC URI of a supported CRS (4326 gives CRS84).
[[nodiscard]] std::string crs_uri(int epsg);

// The box {xmin, ymin, xmax, ymax} (GIS order, the CRS's own units) that
// coordinates sent in `epsg` must lie in: -180..180 / -90..90 for the
// geographic systems, the square of the Web Mercator world (±20,037,508.34 m)
// for 3857, and ±2,500 km around a plane rectangular system's origin, where
// outside_extent() also asks for at most 2,500 km from the origin (each system
// serves the prefectures a few hundred km around it). Anything outside is
// refused before PROJ sees it: far outside a projection's domain PROJ's
// inverse can iterate for minutes or give nothing useful.
[[nodiscard]] std::array<double, 4> valid_extent(int epsg);

// The reason a point lies outside valid_extent(epsg), nullopt when inside.
[[nodiscard]] std::optional<std::string> outside_extent(int epsg, double x, double y);

// Transforms one point to WGS84 {lon, lat}. `x` is the longitude or the
// easting, `y` the latitude or the northing (GIS order, whatever the CRS's
// own axis order). Throws core::Error(invalid_input, "invalid-coordinates")
// naming `x_name` / `y_name` when the point is outside valid_extent(epsg) or
// PROJ cannot transform it, core::Error(internal) when the CRS is unknown.
[[nodiscard]] std::array<double, 2> to_wgs84(int epsg, double x, double y, const std::string& x_name = "easting",
                                             const std::string& y_name = "northing");

// Transforms a box {xmin, ymin, xmax, ymax} (GIS order) to a WGS84
// longitude / latitude box that contains it, densifying its edges so that
// curved edges are covered. Throws core::Error(invalid_input,
// "invalid-parameter") naming `bbox` when a corner is outside
// valid_extent(epsg) or PROJ cannot transform it.
[[nodiscard]] std::array<double, 4> bbox_to_wgs84(int epsg, const std::array<double, 4>& box);

}  // namespace policymap::geo
