#include "tiles/tile_service.hpp"

#include "core/error.hpp"

#include <zlib.h>

#include <algorithm>

namespace policymap::tiles {

namespace {

// Tiles filtered by "open now" change as acceptance windows open and close.
constexpr auto open_now_lifetime = std::chrono::seconds(60);

}  // namespace

std::string etag_of(std::string_view bytes) {
    // FNV-1a, 64 bits: the same bytes give the same ETag in every process.
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (int shift = 60; shift >= 0; shift -= 4) out += hex[(h >> shift) & 0xF];
    out += '"';
    return out;
}

std::string gzip_bytes(std::string_view bytes) {
    z_stream zs{};
    if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw core::Error(core::ErrorKind::internal, "internal", "gzip: cannot initialise zlib");
    }
    std::string out;
    out.resize(deflateBound(&zs, bytes.size()) + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    zs.avail_in = static_cast<uInt>(bytes.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw core::Error(core::ErrorKind::internal, "internal", "gzip: deflate failed");
    return out;
}

TileService::TileService(LayerRegistry layers, TileStore& store, TileCache& cache)
    : m_layers(std::move(layers)), m_store(store), m_cache(cache) {}

const LayerDefinition& TileService::layer(const std::string& id) const {
    const LayerDefinition* layer = m_layers.find(id);
    if (layer == nullptr) {
        std::string known;
        for (const auto& l : m_layers.layers()) known += (known.empty() ? "" : ", ") + l.id;
        throw core::Error(core::ErrorKind::not_found, "unknown-layer",
                          "no tile layer named '" + id.substr(0, 64) + "' (layers: " + known + ")");
    }
    return *layer;
}

std::shared_ptr<const CachedTile> TileService::tile(const TileRequest& request, bool gzip) {
    const LayerDefinition& layer = this->layer(request.layer);
    if (request.coord.z > layer.maxzoom || request.coord.z < layer.minzoom) {
        throw core::Error(core::ErrorKind::not_found, "zoom-out-of-range",
                          "layer '" + layer.id + "' has tiles from zoom " + std::to_string(layer.minzoom) + " to " +
                              std::to_string(layer.maxzoom) + ", not " + std::to_string(request.coord.z));
    }
    const std::string key = request.key();
    auto cached = m_cache.get(key);
    if (cached && (!gzip || cached->gzip || cached->empty())) return cached;

    const auto version = m_cache.data_version();
    std::shared_ptr<CachedTile> fresh;
    std::optional<std::uint64_t> replayed_lsn;
    if (cached) {
        fresh = std::make_shared<CachedTile>(*cached);  // add the gzip form to a cached tile
    } else {
        RenderedTile rendered = m_store.render(layer, request.coord, request.filter);
        fresh = std::make_shared<CachedTile>();
        fresh->bytes = std::move(rendered.bytes);
        fresh->codes = std::move(rendered.codes);
        replayed_lsn = rendered.replayed_lsn;
        std::sort(fresh->codes.begin(), fresh->codes.end());
        fresh->etag = etag_of(fresh->bytes);
        if (request.filter.open && !request.filter.at) fresh->expires = std::chrono::steady_clock::now() + open_now_lifetime;
    }
    if (gzip && !fresh->empty()) fresh->gzip = gzip_bytes(fresh->bytes);
    m_cache.put(key, fresh, version, replayed_lsn);
    return fresh;
}

std::optional<std::array<double, 4>> TileService::bounds() {
    std::lock_guard lock(m_bounds_mutex);
    const auto version = m_cache.data_version();
    if (!m_bounds || m_bounds_version != version) {
        m_bounds = m_store.bounds();
        m_bounds_version = version;
    }
    return m_bounds;
}

}  // namespace policymap::tiles
