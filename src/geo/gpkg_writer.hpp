// Writes one GeoPackage layer with GDAL into a temporary file that this
// object owns and removes, then hands back the file's bytes piece by piece.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace policymap::geo {

enum class FieldType { text, integer, real };

struct FieldDef {
    std::string name;
    FieldType type = FieldType::text;
};

class GpkgWriter {
public:
    // Creates the file and a layer `layer` of MultiPolygons in EPSG:4326 with
    // `fields`. Throws core::Error(internal) when GDAL cannot.
    GpkgWriter(const std::string& layer, std::vector<FieldDef> fields);
    ~GpkgWriter();
    GpkgWriter(const GpkgWriter&) = delete;
    GpkgWriter& operator=(const GpkgWriter&) = delete;

    // One feature: a value (or null) per field in the constructor's order,
    // and a GeoJSON geometry in WGS84 longitude / latitude, or none.
    // Throws core::Error(internal) when GDAL refuses it.
    void add(const std::vector<std::optional<std::string>>& values, const std::optional<std::string>& geometry);

    // Closes the dataset; no feature can be added after it.
    void finish();

    // After finish(): the file's next `max_bytes` bytes at most, empty at
    // the end. Throws core::Error(internal) when the file cannot be read.
    std::string read(std::size_t max_bytes);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace policymap::geo
