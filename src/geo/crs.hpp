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

// Transforms one point to WGS84 {lon, lat}. `x` is the longitude or the
// easting, `y` the latitude or the northing (GIS order, whatever the CRS's
// own axis order). Throws core::Error(invalid_input, "invalid-coordinates")
// when PROJ cannot transform it, core::Error(internal) when the CRS is unknown.
[[nodiscard]] std::array<double, 2> to_wgs84(int epsg, double x, double y);

// Transforms a box {xmin, ymin, xmax, ymax} (GIS order) to a WGS84
// longitude / latitude box that contains it, densifying its edges so that
// curved edges are covered. Throws as to_wgs84.
[[nodiscard]] std::array<double, 4> bbox_to_wgs84(int epsg, const std::array<double, 4>& box);

}  // namespace policymap::geo
