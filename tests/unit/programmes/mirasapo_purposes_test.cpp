#include "programmes/mirasapo_purposes.hpp"
#include "programmes/purposes.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace policymap::programmes;
using Strings = std::vector<std::string>;

TEST_CASE("every line of the Mirasapo table maps onto the jGrants vocabulary", "[programmes]") {
    std::set<std::pair<std::string_view, std::string_view>> keys;
    for (const auto& line : mirasapo_purpose_table()) {
        INFO(line.field << " " << line.category);
        CHECK((line.field == "purpose_categories" || line.field == "stage_categories"));
        CHECK(keys.emplace(line.field, line.category).second);  // one line per category
        CHECK(!line.purposes.empty());
        for (auto p : line.purposes) CHECK(is_purpose(p));
    }
    // Mirasapo's 10 purposes (geodata README) and the 17 stage categories of the snapshots.
    CHECK(keys.size() == 27);
}

TEST_CASE("the vocabulary is jGrants' 15 use_purpose values", "[programmes]") {
    CHECK(std::set<std::string_view>(purpose_vocabulary.begin(), purpose_vocabulary.end()).size() == 15);
    CHECK(is_purpose("資金繰りを改善したい"));
    CHECK(!is_purpose("資金繰り"));
}

TEST_CASE("a row's purposes: the union of its categories' lines, in vocabulary order", "[programmes]") {
    CHECK(mirasapo_purposes({"資金繰り", "IT化"}, {"設備投資"}) ==
          Strings{"資金繰りを改善したい", "設備整備・IT導入をしたい"});
    CHECK(mirasapo_purposes({}, {"環境・省エネ", "廃業"}) == Strings{"事業を引き継ぎたい", "エコ・SDGs活動支援がほしい"});
    CHECK(mirasapo_purposes({"未知の分類"}, {}).empty());
    CHECK(mirasapo_purposes({}, {}).empty());
}
