#include "programmes/purposes.hpp"

#include "text/normalize.hpp"

#include <algorithm>

namespace policymap::programmes {

namespace {

std::string key(std::string_view s) { return text::match_form(s); }

std::optional<std::string> find_in(const std::vector<std::string>& vocabulary, std::string_view value) {
    const auto k = key(value);
    for (const auto& v : vocabulary) {
        if (key(v) == k) return v;
    }
    return std::nullopt;
}

}  // namespace

bool is_purpose(std::string_view value) noexcept {
    return std::find(purpose_vocabulary.begin(), purpose_vocabulary.end(), value) != purpose_vocabulary.end();
}

const std::vector<std::string>& use_purposes() {
    static const std::vector<std::string> values(purpose_vocabulary.begin(), purpose_vocabulary.end());
    return values;
}

const std::vector<std::string>& industries() {
    static const std::vector<std::string> values = {
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

const std::vector<std::string>& employee_classes() {
    static const std::vector<std::string> values = {
        "従業員数の制約なし", "5名以下", "20名以下", "50名以下", "100名以下", "300名以下", "900名以下", "901名以上",
    };
    return values;
}

std::optional<std::string> canonical_purpose(std::string_view value) { return find_in(use_purposes(), value); }
std::optional<std::string> canonical_industry(std::string_view value) { return find_in(industries(), value); }
std::optional<std::string> canonical_employees(std::string_view value) { return find_in(employee_classes(), value); }

}  // namespace policymap::programmes
