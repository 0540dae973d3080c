#include "programmes/area_resolver.hpp"

#include "n03_places.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using policymap::programmes::AreaText;
using policymap::programmes::Coverage;
using policymap::programmes::Gazetteer;
using policymap::programmes::resolve_jgrants;
using policymap::programmes::resolve_mirasapo;
using policymap::programmes::test_support::data_dir;
using policymap::programmes::test_support::n03_gazetteer;
using Codes = std::vector<std::string>;

namespace {

Coverage jgrants(std::string title, std::string search, std::string detail = "", std::string institution = "") {
    return resolve_jgrants(AreaText{std::move(title), std::move(search), std::move(detail), std::move(institution)},
                           n03_gazetteer());
}

// Every municipality-level code of a prefecture (designated cities as one code) except `but`.
Codes municipalities_of(const std::string& pref, const Codes& but) {
    Codes out;
    for (const auto* place : n03_gazetteer().children(pref)) {
        if (std::find(but.begin(), but.end(), place->code) == but.end()) {
            out.push_back(place->code);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
        out += (out.empty() ? "" : " ") + item;
    }
    return out;
}

nlohmann::json read_json(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

std::string string_field(const nlohmann::json& record, const char* key) {
    const auto it = record.find(key);
    return it == record.end() || !it->is_string() ? std::string() : it->get<std::string>();
}

// RFC 4180 records of a UTF-8 CSV file with a BOM: quoted fields may hold
// commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> read_csv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string data = buffer.str();
    if (data.rfind("\xEF\xBB\xBF", 0) == 0) {
        data.erase(0, 3);
    }
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const char c = data[i];
        if (quoted) {
            if (c == '"' && i + 1 < data.size() && data[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') {
                ++i;
            }
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else {
            field += c;
        }
    }
    if (!field.empty() || !row.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace

TEST_CASE("search lists give prefectures, regional blocks expand, all 47 are nationwide", "[programmes]") {
    CHECK(jgrants("令和8年度 生放送字幕番組普及促進助成金", "全国").codes == Codes{"JP"});
    CHECK(jgrants("EMPの普及促進に係る補助金", "東京都").codes == Codes{"13"});
    CHECK(jgrants("創意工夫チャレンジ促進事業", "茨城県/栃木県/群馬県/埼玉県/千葉県/東京都/神奈川県/山梨県").codes ==
          Codes{"08", "09", "10", "11", "12", "13", "14", "19"});
    CHECK(jgrants("ブロック指定", "関東・甲信越地方").codes ==
          Codes{"08", "09", "10", "11", "12", "13", "14", "15", "19", "20"});
    CHECK(jgrants("ブロック指定", "近畿地方 / 四国地方/北海道").codes ==
          Codes{"01", "25", "26", "27", "28", "29", "30", "36", "37", "38", "39"});
    CHECK(jgrants("ブロック指定", "東海・北陸地方/九州・沖縄地方").codes ==
          Codes{"16", "17", "18", "21", "22", "23", "24", "40", "41", "42", "43", "44", "45", "46", "47"});
    // The eight blocks together, and the 47 prefectures spelt out with " / ", are the whole country.
    CHECK(jgrants("全ブロック", "北海道地方/東北地方/関東・甲信越地方/東海・北陸地方/近畿地方/中国地方/四国地方/九州・沖縄地方")
              .codes == Codes{"JP"});
    const Coverage all = jgrants(
        "プラスチック等資源循環システム構築実証事業",
        "北海道 / 青森県/岩手県/宮城県/秋田県/山形県/福島県 / 茨城県/栃木県/群馬県/埼玉県/新潟県/長野県 / "
        "千葉県/東京都/神奈川県/山梨県 / 岐阜県/静岡県/愛知県/三重県 / 滋賀県/京都府/大阪府/兵庫県/奈良県/和歌山県 / "
        "鳥取県/島根県/岡山県/広島県/山口県 / 徳島県/香川県/愛媛県/高知県 / 富山県/石川県/福井県 / "
        "福岡県/佐賀県/長崎県 / 熊本県/大分県/宮崎県/鹿児島県 / 沖縄県");
    CHECK(all.codes == Codes{"JP"});
    CHECK(all.notes.empty());
    CHECK(jgrants("電波遮へい対策事業", "全国/北海道/青森県/中国地方/九州・沖縄地方").codes == Codes{"JP"});
}

TEST_CASE("a municipality in title brackets narrows the prefecture", "[programmes]") {
    CHECK(jgrants("【福岡県宗像市】令和8年度 食のまち宗像推進補助金", "福岡県").codes == Codes{"40220"});
    CHECK(jgrants("【久留米市】久留米市キッチンカー導入事業費補助金", "福岡県").codes == Codes{"40203"});
    // A full-width space inside the brackets.
    const Coverage suzuka = jgrants("【三重県\u3000鈴鹿市】令和8年度創業促進補助金", "三重県");
    CHECK(suzuka.codes == Codes{"24207"});
    CHECK(suzuka.notes.empty());
    // Prefecture names never narrow: a prefecture programme stays at its prefecture.
    CHECK(jgrants("【島根県】令和8年度_中小企業等海外展開支援事業費補助金", "島根県").codes == Codes{"32"});
    CHECK(jgrants("【新産業創造研究機構_兵庫県】海外出願支援事業", "兵庫県", "兵庫県").codes == Codes{"28"});
}

TEST_CASE("a municipality in target_area_detail or institution_name narrows the coverage", "[programmes]") {
    CHECK(jgrants("【堺市】余剰電力等活用型太陽光発電設備整備事業", "大阪府", "堺市内").codes == Codes{"27140"});
    CHECK(jgrants("岡崎ものづくり支援補助金（共同研究事業）", "愛知県", "岡崎市内の事業所", "岡崎ものづくり支援補助金")
              .codes == Codes{"23202"});
    CHECK(jgrants("がんばろう赤磐中小企業省エネ設備更新支援補助金", "岡山県", "赤磐市").codes == Codes{"33213"});
    // A district of a city is the city.
    CHECK(jgrants("グリーンビル促進事業", "福岡県",
                  "福岡市都市計画マスタープランにおける都心部（御笠川、百年橋通り、大正通りに囲まれたエリア）")
              .codes == Codes{"40130"});
    CHECK(jgrants("岸和田市オフィス誘致補助金", "大阪府", "岸和田市内の「都市拠点」").codes == Codes{"27202"});
    CHECK(jgrants("実証実験サポート事業", "岡山県", "", "倉敷市産業振興課").codes == Codes{"33202"});
}

TEST_CASE("a municipal programme open to applicants from anywhere belongs to its municipality", "[programmes]") {
    CHECK(jgrants("【倉敷市】実証実験サポート事業", "全国", "", "実証実験補助金").codes == Codes{"33202"});
    CHECK(jgrants("いわき市診療所開設・承継支援補助金", "全国").codes == Codes{"07204"});
    CHECK(jgrants("京都型グローバル・ニッチ・トップ企業育成補助金", "全国", "", "京都市企業立地促進制度").codes ==
          Codes{"26100"});
    // National bodies in title brackets are not places.
    CHECK(jgrants("休廃止鉱山鉱害防止等工事費補助金【北海道監督部】", "全国").codes == Codes{"JP"});
    CHECK(jgrants("休廃止鉱山鉱害防止等工事費補助金【中国監督部】", "全国").codes == Codes{"JP"});
    CHECK(jgrants("在宅人工呼吸器使用難病患者非常用電源設備整備事業補助金", "全国",
                  "東京都内に居住する在宅難病患者に対し、人工呼吸療法を実施する医療機関")
              .codes == Codes{"JP"});
}

TEST_CASE("designated cities cover their wards and a ward is its own area", "[programmes]") {
    CHECK(jgrants("【福岡市】グリーンビル促進事業", "福岡県").codes == Codes{"40130"});
    CHECK(jgrants("【横浜市中区】商店街支援補助金", "神奈川県").codes == Codes{"14104"});
    CHECK(jgrants("商店街支援補助金", "神奈川県", "横浜市 中区内の商店街").codes == Codes{"14104"});
    CHECK(jgrants("【札幌市中央区】まちづくり補助金", "北海道").codes == Codes{"01101"});
    // A ward name alone is settled by the prefecture when only one city there has it.
    CHECK(jgrants("中区商店街補助金", "神奈川県").codes == Codes{"14104"});
    // Tokyo's special wards are municipalities, not designated-city wards.
    CHECK(jgrants("【千代田区】中小企業融資", "東京都").codes == Codes{"13101"});
}

TEST_CASE("full-width and half-width forms are read after NFKC", "[programmes]") {
    CHECK(jgrants("【ﾆｾｺ町】観光振興補助金", "北海道").codes == Codes{"01395"});
    CHECK(jgrants("【長野県茅野市】ＩＴ関連企業誘致奨励金", "長野県").codes == Codes{"20214"});
    // Kangxi radicals pasted from PDF (⼩, ⾦) normalise to the kanji.
    CHECK(jgrants("⼩規模事業者持続化補助⾦【商⼯会地区】", "石川県", "商工会管轄地域").codes == Codes{"17"});
    // ヶ and ケ are the same letter in place names.
    CHECK(jgrants("鶴ケ島市創業支援補助金", "埼玉県").codes == Codes{"11241"});
    CHECK(jgrants("龍ヶ崎市創業支援補助金", "茨城県").codes == Codes{"08208"});
}

TEST_CASE("a name that is the tail of a longer name is not read inside it", "[programmes]") {
    CHECK(jgrants("東広島市小児科新規開業支援事業補助金", "広島県", "東広島市").codes == Codes{"34212"});
    CHECK(jgrants("【広島県府中町】創業支援補助金", "広島県").codes == Codes{"34302"});
    CHECK(jgrants("府中町創業支援補助金", "全国").codes == Codes{"34302"});
    // 東京都府中市 is Tokyo + 府中市, not 京都府 + something.
    CHECK(jgrants("【東京都府中市】創業支援補助金", "全国").codes == Codes{"13206"});
    CHECK(jgrants("大府市産業立地の奨励措置", "愛知県", "大府市").codes == Codes{"23223"});
}

TEST_CASE("a name shared by several places is settled by the prefecture", "[programmes]") {
    CHECK(jgrants("府中市創業支援補助金", "東京都").codes == Codes{"13206"});
    CHECK(jgrants("府中市創業支援補助金", "広島県").codes == Codes{"34208"});
    CHECK(jgrants("伊達市企業立地補助金", "北海道").codes == Codes{"01233"});
    CHECK(jgrants("伊達市企業立地補助金", "福島県").codes == Codes{"07213"});
    CHECK(jgrants("北区商店街支援", "東京都").codes == Codes{"13117"});
    CHECK(jgrants("【青森県南部町】創業支援", "全国").codes == Codes{"02445"});
    CHECK(jgrants("南部町創業支援", "鳥取県").codes == Codes{"31389"});
    CHECK(jgrants("南部町創業支援", "山梨県").codes == Codes{"19366"});
    // Named elsewhere in the record.
    CHECK(jgrants("府中市創業支援補助金", "全国", "", "【広島県】府中市").codes == Codes{"34208"});
    // A county before the name settles it too.
    CHECK(jgrants("西伯郡南部町 創業支援", "全国").codes == Codes{"31389"});
}

TEST_CASE("an unsettled name keeps the wider coverage and says why", "[programmes]") {
    const Coverage fuchu = jgrants("府中市創業支援補助金", "全国");
    CHECK(fuchu.codes == Codes{"JP"});
    REQUIRE(fuchu.notes.size() == 1);
    CHECK(fuchu.notes[0].find("府中市") != std::string::npos);
    CHECK(fuchu.notes[0].find("13206") != std::string::npos);
    CHECK(fuchu.notes[0].find("34208") != std::string::npos);

    // Osaka has two 北区 (大阪市 and 堺市).
    const Coverage kita = jgrants("北区商店街支援", "大阪府");
    CHECK(kita.codes == Codes{"27"});
    REQUIRE(kita.notes.size() == 1);
    CHECK(kita.notes[0].find("27127 大阪府大阪市北区") != std::string::npos);
    CHECK(kita.notes[0].find("27146 大阪府堺市北区") != std::string::npos);

    const Coverage unknown = jgrants("ムー大陸振興補助金", "ムー大陸");
    CHECK(unknown.codes == Codes{"JP"});
    CHECK_FALSE(unknown.notes.empty());

    const Coverage empty = jgrants("補助金", "");
    CHECK(empty.codes == Codes{"JP"});
    CHECK_FALSE(empty.notes.empty());

    // A prefecture that contradicts the name.
    const Coverage wrong = jgrants("【大阪府府中市】創業支援", "全国");
    CHECK(wrong.codes == Codes{"JP"});
    CHECK_FALSE(wrong.notes.empty());
}

TEST_CASE("names outside the prefecture and words that only look like names are ignored", "[programmes]") {
    // A Tokyo programme mentioning another city in passing.
    const Coverage tokyo = jgrants("展示会出展支援", "東京都", "横浜市で開催される展示会も対象");
    CHECK(tokyo.codes == Codes{"13"});
    CHECK(tokyo.notes.empty());
    CHECK(jgrants("漁港区域内の施設整備", "東京都").codes == Codes{"13"});
    CHECK(jgrants("過疎地域振興", "兵庫県", "たつの市（旧新宮町の区域に限る）").codes == Codes{"28229"});
    CHECK(jgrants("市町村連携事業", "愛知県", "県内の市町村").codes == Codes{"23"});
}

TEST_CASE("an exclusion phrase leaves the rest of the prefecture", "[programmes]") {
    const Coverage aichi = jgrants("企業立地補助金", "愛知県", "県内全域（名古屋市を除く）");
    CHECK(aichi.codes == municipalities_of("23", {"23100"}));
    CHECK(aichi.notes.empty());
    CHECK(std::find(aichi.codes.begin(), aichi.codes.end(), "23202") != aichi.codes.end());
    CHECK(std::none_of(aichi.codes.begin(), aichi.codes.end(),
                       [](const std::string& c) { return c.rfind("231", 0) == 0; }));  // no Nagoya wards

    const Coverage fukuoka = jgrants("企業立地補助金", "福岡県", "北九州市、福岡市を除く");
    CHECK(fukuoka.codes == municipalities_of("40", {"40100", "40130"}));
    CHECK(fukuoka.codes.size() == 58);

    CHECK(jgrants("企業立地補助金", "愛知県", "名古屋市以外の県内全域").codes == municipalities_of("23", {"23100"}));
    CHECK(jgrants("企業立地補助金", "愛知県", "岡崎市内の事業所以外も対象").codes == Codes{"23202"});
    CHECK(jgrants("企業立地補助金", "静岡県", "静岡市・浜松市を除く県内全域").codes ==
          municipalities_of("22", {"22100", "22130"}));
    CHECK(jgrants("企業立地補助金", "福岡県", "北九州市、福岡市、久留米市及び大牟田市が所管する地域を除く福岡県内")
              .codes == municipalities_of("40", {"40100", "40130", "40203", "40202"}));
    // A ward taken out of its city.
    const Coverage city = jgrants("【福岡市】商店街補助金（東区を除く）", "福岡県");
    CHECK(city.codes == Codes{"40132", "40133", "40134", "40135", "40136", "40137"});
    // A prefecture taken out of the country.
    const Coverage country = jgrants("移住支援", "全国", "東京都を除く");
    CHECK(country.codes.size() == 46);
    CHECK(std::find(country.codes.begin(), country.codes.end(), "13") == country.codes.end());
    // "除く" about something else than a place leaves the city alone.
    CHECK(jgrants("今治市企業立地促進奨励金", "愛媛県", "愛媛県今治市内（指定区域「今治新都市区域」および指定区域を除く全域）")
              .codes == Codes{"38202"});
}

TEST_CASE("mirasapo rows: prefectures, exclusion notes and lists of municipalities", "[programmes]") {
    const Gazetteer& g = n03_gazetteer();
    CHECK(resolve_mirasapo({}, "", g).codes == Codes{"JP"});
    CHECK(resolve_mirasapo({"1"}, "", g).codes == Codes{"01"});
    CHECK(resolve_mirasapo({"13", "14"}, "", g).codes == Codes{"13", "14"});
    CHECK(resolve_mirasapo({"40"}, "北九州市、福岡市、久留米市を除く", g).codes ==
          municipalities_of("40", {"40100", "40130", "40203"}));
    CHECK(resolve_mirasapo({"14"}, "相模原市(城山地区、津久井地区、相模湖地区、および藤野地区)、山北町、愛川町、清川村", g)
              .codes == Codes{"14150", "14364", "14401", "14402"});
    // A sentence that names cities is not a list of them.
    CHECK(resolve_mirasapo({"19"}, "甲府市が行った産業廃棄物処理業許可に係る格付けについては、本県の格付け制度の対象外となります。", g)
              .codes == Codes{"19"});
    CHECK(resolve_mirasapo({"28"}, "※「促進地域」とは但馬地域、丹波地域、西脇市、多可町", g).codes == Codes{"28"});
    // Names in another clause are not what 以外 takes out, and a sentence is not a list.
    CHECK(resolve_mirasapo({"23"}, "名古屋市、豊橋市の「特定市」は各特定市が審査し、それ以外の地域は愛知県が審査します。", g)
              .codes == Codes{"23"});
    // A county named alone covers its towns and villages.
    Codes sannohe;
    for (const auto* place : g.in_county("三戸郡")) {
        sannohe.push_back(place->code);
    }
    std::sort(sannohe.begin(), sannohe.end());
    CHECK(resolve_mirasapo({"2"}, "三戸郡", g).codes == sannohe);
    const Coverage bad = resolve_mirasapo({"48"}, "", g);
    CHECK(bad.codes == Codes{"JP"});
    CHECK_FALSE(bad.notes.empty());
}

TEST_CASE("every jGrants programme of the six snapshots resolves to its gold coverage", "[programmes]") {
    namespace fs = std::filesystem;
    const std::string folder = data_dir() + "/jgrants";
    const nlohmann::json gold = read_json(folder + "/areas-gold.json").at("programmes");

    std::vector<std::string> snapshots;
    for (const auto& entry : fs::directory_iterator(folder)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("jgrants-", 0) == 0 && entry.path().extension() == ".json") {
            snapshots.push_back(entry.path().string());
        }
    }
    std::sort(snapshots.begin(), snapshots.end());
    REQUIRE(snapshots.size() == 6);

    std::map<std::string, bool> programme_ok;  // id -> every snapshot's record matched
    std::size_t records = 0;
    std::vector<std::string> mismatches;
    std::vector<std::string> noted;  // right codes, yet flagged unresolved
    for (const std::string& path : snapshots) {
        const nlohmann::json snapshot = read_json(path);
        for (const nlohmann::json& s : snapshot.at("subsidies")) {
            ++records;
            const std::string id = s.at("id").get<std::string>();
            const AreaText text{string_field(s, "title"), string_field(s, "target_area_search"),
                                string_field(s, "target_area_detail"), string_field(s, "institution_name")};
            const Coverage got = resolve_jgrants(text, n03_gazetteer());
            Codes expected;
            if (gold.contains(id)) {
                expected = gold.at(id).at("areas").get<Codes>();
                std::sort(expected.begin(), expected.end());
            }
            const bool ok = gold.contains(id) && got.codes == expected;
            auto [it, inserted] = programme_ok.emplace(id, ok);
            if (!inserted) {
                it->second = it->second && ok;
            }
            if (ok && !got.notes.empty()) {
                noted.push_back(id + " 「" + text.title + "」 notes: " + joined(got.notes));
            }
            if (!ok) {
                mismatches.push_back(fs::path(path).filename().string() + " " + id + " 「" + text.title + "」 search=「" +
                                     text.target_area_search + "」 detail=「" + text.target_area_detail +
                                     "」 institution=「" + text.institution_name + "」 expected [" + joined(expected) +
                                     "] got [" + joined(got.codes) + "] notes: " + joined(got.notes));
            }
        }
    }
    const auto matched = std::count_if(programme_ok.begin(), programme_ok.end(), [](const auto& p) { return p.second; });
    std::sort(mismatches.begin(), mismatches.end());
    mismatches.erase(std::unique(mismatches.begin(), mismatches.end()), mismatches.end());
    std::ostringstream report;
    report << "resolver: " << matched << "/" << gold.size() << " match (" << programme_ok.size() << " programmes, "
           << records << " records)";
    for (const std::string& m : mismatches) {
        report << "\n  mismatch: " << m;
    }
    std::sort(noted.begin(), noted.end());
    noted.erase(std::unique(noted.begin(), noted.end()), noted.end());
    for (const std::string& n : noted) {
        report << "\n  flagged although right: " << n;
    }
    WARN(report.str());
    CHECK(programme_ok.size() == gold.size());
    CHECK(noted.empty());
    REQUIRE(mismatches.empty());
    REQUIRE(static_cast<std::size_t>(matched) == gold.size());
}

TEST_CASE("every mirasapo row of the two snapshots resolves to its gold coverage", "[programmes]") {
    const std::string folder = data_dir() + "/mirasapo";
    const nlohmann::json gold = read_json(folder + "/areas-gold.json").at("programmes");

    std::map<std::string, bool> row_ok;
    std::vector<std::string> mismatches;
    std::vector<std::string> noted;  // right codes, yet flagged unresolved
    for (const char* file : {"supports-2022-12-15.csv", "supports-2023-10-01.csv"}) {
        const auto rows = read_csv(folder + "/" + file);
        REQUIRE(rows.size() > 1);
        const std::vector<std::string>& header = rows.front();
        const auto column = [&](const char* name) {
            const auto it = std::find(header.begin(), header.end(), name);
            REQUIRE(it != header.end());
            return static_cast<std::size_t>(it - header.begin());
        };
        const std::size_t id_column = column("id");
        const std::size_t prefectures_column = column("prefectures");
        const std::size_t area_column = column("area");
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const std::vector<std::string>& row = rows[r];
            REQUIRE(row.size() == header.size());
            std::vector<std::string> ids;
            for (const nlohmann::json& p : nlohmann::json::parse(row[prefectures_column])) {
                ids.push_back(p.at("id").get<std::string>());
            }
            const Coverage got = resolve_mirasapo(ids, row[area_column], n03_gazetteer());
            const std::string& id = row[id_column];
            Codes expected;
            if (gold.contains(id)) {
                expected = gold.at(id).at("areas").get<Codes>();
                std::sort(expected.begin(), expected.end());
            }
            const bool ok = gold.contains(id) && got.codes == expected;
            if (ok && !got.notes.empty()) {
                noted.push_back(id + " notes: " + joined(got.notes));
            }
            auto [it, inserted] = row_ok.emplace(id, ok);
            if (!inserted) {
                it->second = it->second && ok;
            }
            if (!ok) {
                mismatches.push_back(std::string(file) + " " + id + " prefectures=[" + joined(ids) + "] area=「" +
                                     row[area_column] + "」 expected [" + joined(expected) + "] got [" +
                                     joined(got.codes) + "] notes: " + joined(got.notes));
            }
        }
    }
    const auto matched = std::count_if(row_ok.begin(), row_ok.end(), [](const auto& p) { return p.second; });
    std::ostringstream report;
    report << "mirasapo resolver: " << matched << "/" << gold.size() << " match";
    for (const std::string& m : mismatches) {
        report << "\n  mismatch: " << m;
    }
    for (const std::string& n : noted) {
        report << "\n  flagged although right: " << n;
    }
    WARN(report.str());
    CHECK(row_ok.size() == gold.size());
    CHECK(noted.empty());
    REQUIRE(mismatches.empty());
}
