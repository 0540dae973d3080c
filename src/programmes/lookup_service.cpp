#include "programmes/lookup_service.hpp"

#include "core/error.hpp"

#include <cmath>
#include <sstream>

namespace policymap::programmes {

namespace {
std::string format(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}
}  // namespace

AreaAt LookupService::locate(double lat, double lon) {
    std::vector<core::FieldProblem> problems;
    if (!std::isfinite(lat) || lat < -90 || lat > 90) problems.push_back({"lat", format(lat), "must be between -90 and 90"});
    if (!std::isfinite(lon) || lon < -180 || lon > 180) problems.push_back({"lon", format(lon), "must be between -180 and 180"});
    if (!problems.empty()) core::throw_invalid("invalid-coordinates", "coordinates out of range", std::move(problems));
    auto found = m_store.locate(lon, lat);
    if (!found) {
        throw core::Error(core::ErrorKind::not_found, "outside-japan",
                          "no Japanese municipality at lat " + format(lat) + ", lon " + format(lon) +
                              " (the point is outside Japan or at sea)");
    }
    return std::move(*found);
}

LookupResult LookupService::at_area(const std::string& code) {
    // The list is of programmes published now: it holds until a window changes.
    const auto now = Freshness::Clock::now();
    auto result = m_store.at_area(code);
    if (!m_freshness || !result.data_version) {
        result.data_version.reset();
    } else {
        result.valid_until = m_freshness->valid_until(*result.data_version, now);
    }
    return result;
}

LookupResult LookupService::lookup(double lat, double lon) { return at_area(locate(lat, lon).code); }

}  // namespace policymap::programmes
