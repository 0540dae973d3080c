#include "programmes/change_notice.hpp"

#include <nlohmann/json.hpp>

namespace policymap::programmes {

std::string change_notice_payload(const std::set<std::string>& areas, const std::set<std::int64_t>& ids) {
    nlohmann::json j{{"areas", areas}, {"all", false}, {"programmes", ids}};
    auto text = j.dump();
    if (text.size() < 7900) return text;
    return nlohmann::json{{"areas", nullptr}, {"all", true}, {"programmes", nlohmann::json::array()}}.dump();
}

}  // namespace policymap::programmes
