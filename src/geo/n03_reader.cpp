#include "geo/n03_reader.hpp"

#include "core/error.hpp"

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <mutex>

namespace policymap::geo {

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FeatureDeleter {
    void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};

void register_drivers() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetConfigOption("CPL_LOG", "/dev/null");  // keep GDAL's own chatter out of stdout
    });
}

bool is_utf8(const std::string& s) { return CPLIsUTF8(s.c_str(), static_cast<int>(s.size())) != 0; }

std::string gdal_path(const std::string& path) {
    auto ends_with = [&](const char* suffix) {
        std::string sfx(suffix);
        return path.size() >= sfx.size() &&
               EQUAL(path.substr(path.size() - sfx.size()).c_str(), sfx.c_str());
    };
    if (ends_with(".zip") && path.rfind("/vsizip/", 0) != 0) return "/vsizip/" + path;
    return path;
}

DatasetPtr open_vector(const std::string& path, const char* encoding_option) {
    CPLStringList options;
    if (encoding_option != nullptr) options.SetNameValue("ENCODING", encoding_option);
    return DatasetPtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                        options.List(), nullptr));
}

std::optional<std::string> field(OGRFeature& f, int index, bool recode_cp932) {
    if (index < 0 || !f.IsFieldSetAndNotNull(index)) return std::nullopt;
    std::string value = f.GetFieldAsString(index);
    if (value.empty()) return std::nullopt;
    if (recode_cp932) {
        char* utf8 = CPLRecode(value.c_str(), "CP932", CPL_ENC_UTF8);
        value = utf8;
        CPLFree(utf8);
    }
    return value;
}

}  // namespace

N03File read_n03(const std::string& path) {
    register_drivers();
    const std::string source = gdal_path(path);
    DatasetPtr ds = open_vector(source, nullptr);
    if (!ds || ds->GetLayerCount() < 1) {
        core::throw_invalid("unreadable-boundaries", "cannot read boundaries from " + path);
    }
    N03File out;
    out.path = path;
    out.encoding = "UTF-8";
    bool recode = false;
    if (std::string(ds->GetDriverName()) == "ESRI Shapefile") {
        OGRLayer* layer = ds->GetLayer(0);
        const char* from_cpg = layer->GetMetadataItem("ENCODING_FROM_CPG", "SHAPEFILE");
        const char* from_ldid = layer->GetMetadataItem("ENCODING_FROM_LDID", "SHAPEFILE");
        if (from_cpg == nullptr && from_ldid == nullptr) {
            // No declared code page: GDAL would read the bytes as ISO-8859-1 and
            // garble the names. Read the raw bytes and decide ourselves.
            ds = open_vector(source, "");
            if (!ds) core::throw_invalid("unreadable-boundaries", "cannot read boundaries from " + path);
            OGRLayer* raw = ds->GetLayer(0);
            raw->ResetReading();
            bool all_utf8 = true;
            for (std::unique_ptr<OGRFeature, FeatureDeleter> f(raw->GetNextFeature()); f && all_utf8;
                 f.reset(raw->GetNextFeature())) {
                for (int i = 0; i < f->GetFieldCount() && all_utf8; ++i) {
                    if (f->IsFieldSetAndNotNull(i)) all_utf8 = is_utf8(f->GetFieldAsString(i));
                }
            }
            recode = !all_utf8;
            out.encoding = recode ? "CP932" : "UTF-8";
        } else {
            out.encoding = from_cpg != nullptr ? from_cpg : from_ldid;
        }
    }
    OGRLayer* layer = ds->GetLayer(0);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int i001 = defn->GetFieldIndex("N03_001");
    const int i002 = defn->GetFieldIndex("N03_002");
    const int i003 = defn->GetFieldIndex("N03_003");
    const int i004 = defn->GetFieldIndex("N03_004");
    const int i007 = defn->GetFieldIndex("N03_007");
    if (i001 < 0) core::throw_invalid("unreadable-boundaries", path + " has no N03_001 field: not an N03 file");
    out.prefectures_only = i007 < 0 && i004 < 0;

    layer->ResetReading();
    for (std::unique_ptr<OGRFeature, FeatureDeleter> f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (g == nullptr || g->IsEmpty()) continue;
        N03Feature nf;
        nf.N03_001 = field(*f, i001, recode).value_or("");
        nf.N03_002 = field(*f, i002, recode);
        nf.N03_003 = field(*f, i003, recode);
        nf.N03_004 = field(*f, i004, recode);
        nf.N03_007 = field(*f, i007, recode);
        nf.wkb.resize(static_cast<std::size_t>(g->WkbSize()));
        g->exportToWkb(wkbNDR, nf.wkb.data(), wkbVariantIso);
        out.features.push_back(std::move(nf));
    }
    return out;
}

}  // namespace policymap::geo
