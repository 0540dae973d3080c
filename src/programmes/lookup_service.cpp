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

LookupResult LookupService::lookup(double lat, double lon) {
    std::vector<core::FieldProblem> problems;
    if (!std::isfinite(lat) || lat < -90 || lat > 90) problems.push_back({"lat", format(lat), "must be between -90 and 90"});
    if (!std::isfinite(lon) || lon < -180 || lon > 180) problems.push_back({"lon", format(lon), "must be between -180 and 180"});
    if (!problems.empty()) core::throw_invalid("invalid-coordinates", "coordinates out of range", std::move(problems));
    auto result = m_store.at_point(lon, lat);
    if (!result) {
        throw core::Error(core::ErrorKind::not_found, "outside-japan",
                          "no Japanese municipality at lat " + format(lat) + ", lon " + format(lon) +
                              " (the point is outside Japan or at sea)");
    }
    return std::move(*result);
}

}  // namespace policymap::programmes
