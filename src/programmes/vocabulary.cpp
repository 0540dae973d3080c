#include "programmes/vocabulary.hpp"

#include "programmes/purposes.hpp"
#include "text/normalize.hpp"

namespace policymap::programmes {

const std::vector<std::string>& purposes() {
    static const std::vector<std::string> values(purpose_vocabulary.begin(), purpose_vocabulary.end());
    return values;
}

const std::vector<std::string>& industries() {
    static const std::vector<std::string> values{
        "農業、林業",
        "漁業",
        "鉱業、採石業、砂利採取業",
        "建設業",
        "製造業",
        "電気・ガス・熱供給・水道業",
        "情報通信業",
        "運輸業、郵便業",
        "卸売業、小売業",
        "金融業、保険業",
        "不動産業、物品賃貸業",
        "学術研究、専門・技術サービス業",
        "宿泊業、飲食サービス業",
        "生活関連サービス業、娯楽業",
        "教育、学習支援業",
        "医療、福祉",
        "複合サービス事業",
        "サービス業（他に分類されないもの）",
        "公務（他に分類されるものを除く）",
        "分類不能の産業",
    };
    return values;
}

const std::vector<std::string>& sources() {
    static const std::vector<std::string> values{"jgrants", "mirasapo", "agency"};
    return values;
}

std::string match_vocabulary(const std::vector<std::string>& vocabulary, const std::string& value) {
    for (const auto& v : vocabulary) {
        if (v == value) return v;
    }
    const std::string form = text::match_form(value);
    for (const auto& v : vocabulary) {
        if (text::match_form(v) == form) return v;
    }
    return {};
}

std::string join_values(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
    return out;
}

}  // namespace policymap::programmes
