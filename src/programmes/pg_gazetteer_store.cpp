#include "programmes/gazetteer_store.hpp"

#include "core/error.hpp"
#include "core/resources.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"

#include <pqxx/pqxx>

namespace policymap::programmes {

namespace {
AreaLevel level_of(const std::string& s) {
    if (s == "prefecture") return AreaLevel::prefecture;
    if (s == "designated_city") return AreaLevel::designated_city;
    if (s == "ward") return AreaLevel::ward;
    return AreaLevel::municipality;
}
}  // namespace

Gazetteer load_gazetteer(const core::Secret& url) {
    std::vector<Place> places;
    db::Session session(url);
    auto* conn = &session.connection();
    try {
        pqxx::read_transaction tx(*conn);
        for (const auto& r : tx.exec(std::string(core::resource("src/programmes/sql/gazetteer.sql")))) {
            places.push_back(Place{r[0].as<std::string>(), level_of(r[1].as<std::string>()), r[2].as<std::string>(),
                                   r[3].as<std::string>(), r[4].as<std::string>(), r[5].as<std::string>()});
        }
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
    if (places.empty()) {
        core::throw_invalid("no-boundaries",
                            "no areas in the database: import boundaries first (policymap import boundaries ...)");
    }
    return Gazetteer(std::move(places));
}

}  // namespace policymap::programmes
