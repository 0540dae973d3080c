#include "programmes/mirasapo_purposes.hpp"

#include "programmes/purposes.hpp"

#include <algorithm>

namespace policymap::programmes {

namespace {

constexpr std::string_view purpose = "purpose_categories";
constexpr std::string_view stage = "stage_categories";

// jGrants' purposes, named once here so that a misspelling fails the unit test
// that checks every target against the vocabulary.
constexpr std::string_view equipment = "設備整備・IT導入をしたい";
constexpr std::string_view new_business = "新たな事業を行いたい";
constexpr std::string_view employment = "雇用・職場環境を改善したい";
constexpr std::string_view sales = "販路拡大・海外展開をしたい";
constexpr std::string_view eco = "エコ・SDGs活動支援がほしい";
constexpr std::string_view research = "研究開発・実証事業を行いたい";
constexpr std::string_view community = "まちづくり・地域振興支援がほしい";
constexpr std::string_view training = "人材育成を行いたい";
constexpr std::string_view funding = "資金繰りを改善したい";
constexpr std::string_view operations = "イベント・事業運営支援がほしい";
constexpr std::string_view disaster = "災害（自然災害、感染症等）支援がほしい";
constexpr std::string_view succession = "事業を引き継ぎたい";

}  // namespace

// THE table (docs/purposes.md gives the reason for each line).
const std::vector<CategoryMapping>& mirasapo_purpose_table() {
    static const std::vector<CategoryMapping> table = {
        // purpose_categories (what the user wants to do)
        {purpose, "起業・創業", {new_business}},
        {purpose, "資金繰り", {funding}},
        {purpose, "人材", {training, employment}},
        {purpose, "設備投資", {equipment}},
        {purpose, "販路開拓", {sales}},
        {purpose, "IT化", {equipment}},
        {purpose, "知的財産", {research, sales}},
        {purpose, "事業承継", {succession}},
        {purpose, "災害対応", {disaster}},
        {purpose, "情報収集", {operations}},
        // stage_categories (the stage of the business and the need at that stage)
        {stage, "事業計画", {new_business}},
        {stage, "起業", {new_business}},
        {stage, "雇用", {employment}},
        {stage, "人材育成", {training}},
        {stage, "知的財産管理", {research}},
        {stage, "事業計画・経営企画", {operations}},
        {stage, "設備投資", {equipment}},
        {stage, "研究開発", {research}},
        {stage, "販路開拓", {sales}},
        {stage, "海外展開", {sales}},
        {stage, "取引・官公需", {sales}},
        {stage, "社会保障・福利厚生", {employment}},
        {stage, "環境・省エネ", {eco}},
        {stage, "事業再生", {funding}},
        {stage, "事業承継", {succession}},
        {stage, "廃業", {succession}},
        {stage, "商業・地域・団体支援", {community}},
    };
    return table;
}

std::vector<std::string> mirasapo_purposes(const std::vector<std::string>& purpose_categories,
                                           const std::vector<std::string>& stage_categories) {
    std::vector<bool> hit(purpose_vocabulary.size(), false);
    const auto add = [&](std::string_view field, const std::vector<std::string>& names) {
        for (const auto& name : names) {
            for (const auto& line : mirasapo_purpose_table()) {
                if (line.field != field || line.category != name) continue;
                for (auto p : line.purposes) {
                    auto it = std::find(purpose_vocabulary.begin(), purpose_vocabulary.end(), p);
                    if (it != purpose_vocabulary.end()) hit[static_cast<std::size_t>(it - purpose_vocabulary.begin())] = true;
                }
            }
        }
    };
    add(purpose, purpose_categories);
    add(stage, stage_categories);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < hit.size(); ++i) {
        if (hit[i]) out.emplace_back(purpose_vocabulary[i]);
    }
    return out;
}

}  // namespace policymap::programmes
