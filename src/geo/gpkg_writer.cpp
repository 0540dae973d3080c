#include "geo/gpkg_writer.hpp"

#include "core/error.hpp"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <unistd.h>

namespace policymap::geo {

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw core::Error(core::ErrorKind::internal, "internal", "GeoPackage: " + what + ": " + CPLGetLastErrorMsg());
}

std::string temp_path() {
    std::string pattern = (std::filesystem::temp_directory_path() / "policymap-export-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd < 0) fail("no temporary file");
    close(fd);
    // GDAL's GeoPackage driver wants to create the file itself.
    std::filesystem::remove(pattern);
    return pattern + ".gpkg";
}

}  // namespace

struct GpkgWriter::Impl {
    std::string path;
    GDALDatasetH dataset = nullptr;
    OGRLayerH layer = nullptr;
    std::vector<FieldDef> fields;
    std::ifstream file;  // the finished file, read back

    ~Impl() {
        if (dataset != nullptr) GDALClose(dataset);
        file.close();
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        std::filesystem::remove(path + "-journal", ignored);
    }
};

GpkgWriter::GpkgWriter(const std::string& layer, std::vector<FieldDef> fields) : m_impl(std::make_unique<Impl>()) {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    m_impl->path = temp_path();
    m_impl->fields = std::move(fields);
    GDALDriverH driver = GDALGetDriverByName("GPKG");
    if (driver == nullptr) fail("no GPKG driver");
    m_impl->dataset = GDALCreate(driver, m_impl->path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (m_impl->dataset == nullptr) fail("cannot create the file");
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    m_impl->layer = GDALDatasetCreateLayer(m_impl->dataset, layer.c_str(), srs, wkbMultiPolygon, nullptr);
    OSRRelease(srs);
    if (m_impl->layer == nullptr) fail("cannot create the layer");
    for (const auto& f : m_impl->fields) {
        const OGRFieldType type = f.type == FieldType::integer ? OFTInteger64 : f.type == FieldType::real ? OFTReal : OFTString;
        OGRFieldDefnH defn = OGR_Fld_Create(f.name.c_str(), type);
        const OGRErr err = OGR_L_CreateField(m_impl->layer, defn, TRUE);
        OGR_Fld_Destroy(defn);
        if (err != OGRERR_NONE) fail("cannot create field " + f.name);
    }
    // One transaction for the whole file: SQLite commits per feature otherwise.
    if (OGR_L_StartTransaction(m_impl->layer) != OGRERR_NONE) fail("cannot start a transaction");
}

GpkgWriter::~GpkgWriter() = default;

void GpkgWriter::add(const std::vector<std::optional<std::string>>& values, const std::optional<std::string>& geometry) {
    OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(m_impl->layer));
    for (std::size_t i = 0; i < values.size() && i < m_impl->fields.size(); ++i) {
        if (!values[i]) continue;
        const int index = static_cast<int>(i);
        switch (m_impl->fields[i].type) {
            case FieldType::integer: OGR_F_SetFieldInteger64(feature, index, std::strtoll(values[i]->c_str(), nullptr, 10)); break;
            case FieldType::real: OGR_F_SetFieldDouble(feature, index, std::strtod(values[i]->c_str(), nullptr)); break;
            case FieldType::text: OGR_F_SetFieldString(feature, index, values[i]->c_str()); break;
        }
    }
    if (geometry) {
        OGRGeometryH g = OGR_G_CreateGeometryFromJson(geometry->c_str());
        if (g == nullptr) {
            OGR_F_Destroy(feature);
            fail("unreadable geometry");
        }
        g = OGR_G_ForceToMultiPolygon(g);
        OGR_F_SetGeometryDirectly(feature, g);
    }
    const OGRErr err = OGR_L_CreateFeature(m_impl->layer, feature);
    OGR_F_Destroy(feature);
    if (err != OGRERR_NONE) fail("cannot write a feature");
}

void GpkgWriter::finish() {
    if (OGR_L_CommitTransaction(m_impl->layer) != OGRERR_NONE) fail("cannot commit");
    GDALClose(m_impl->dataset);
    m_impl->dataset = nullptr;
    m_impl->file.open(m_impl->path, std::ios::binary);
    if (!m_impl->file) fail("cannot read the file back");
}

std::string GpkgWriter::read(std::size_t max_bytes) {
    if (!m_impl->file.is_open()) fail("read before finish");
    std::string out(max_bytes, '\0');
    m_impl->file.read(out.data(), static_cast<std::streamsize>(max_bytes));
    if (m_impl->file.bad()) fail("cannot read the file back");
    out.resize(static_cast<std::size_t>(m_impl->file.gcount()));
    return out;
}

}  // namespace policymap::geo
