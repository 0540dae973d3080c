#include "core/error.hpp"
#include "text/csv.hpp"

#include <catch2/catch.hpp>

using policymap::text::csv_header;
using policymap::text::parse_csv;
using Fields = std::vector<std::string>;

TEST_CASE("csv: BOM dropped, quoted commas, doubled quotes and JSON inside fields", "[text]") {
    const auto rows = parse_csv("\xEF\xBB\xBFid,json,note\n"
                                "1,\"[{\"\"id\"\":\"\"42\"\",\"\"name\"\":\"\"長崎県\"\"}]\",\"a, b\"\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields == Fields{"id", "json", "note"});
    CHECK(rows[1].fields == Fields{"1", R"([{"id":"42","name":"長崎県"}])", "a, b"});
}

TEST_CASE("csv: line breaks inside quotes stay in the field, records count their first line", "[text]") {
    const auto rows = parse_csv("a,b\r\n\"x\r\ny\n\nz\",2\r\n3,\"\"\r\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].fields == Fields{"x\ny\n\nz", "2"});
    CHECK(rows[1].line == 2);
    CHECK(rows[2].fields == Fields{"3", ""});
    CHECK(rows[2].line == 6);
}

TEST_CASE("csv: empty fields, blank lines and a last line without a break", "[text]") {
    const auto rows = parse_csv("a,b,c\n\n,,\n1,2,3");
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].fields == Fields{"", "", ""});
    CHECK(rows[2].fields == Fields{"1", "2", "3"});
}

TEST_CASE("csv: malformed quoting is refused with its line", "[text]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(parse_csv("a\n\"open\nstill open"), Contains("line 2"));
    CHECK_THROWS_AS(parse_csv("a,b\n\"x\"y,2\n"), policymap::core::Error);
    CHECK_THROWS_AS(parse_csv("a,b\nx\"y,2\n"), policymap::core::Error);
}

TEST_CASE("csv: the header alone, without parsing the rest", "[text]") {
    CHECK(csv_header("\xEF\xBB\xBFid,title\n1,\"unterminated") == Fields{"id", "title"});
    CHECK(csv_header("{\"subsidies\": []}").empty());  // JSON is no CSV header
    CHECK(csv_header("").empty());
}

TEST_CASE("csv: text that is not UTF-8 (a Shift_JIS export) is refused with its line", "[text]") {
    using Catch::Matchers::Contains;
    // 東京 in Shift_JIS on the second line.
    CHECK_THROWS_WITH(parse_csv("id,name\n1,\x93\x8C\x8B\x9E\n"), Contains("line 2: is not UTF-8"));
    CHECK_THROWS_AS(parse_csv("a\n\xED\xA0\x80\n"), policymap::core::Error);  // a surrogate
    CHECK(parse_csv("a\n東京\n").at(1).fields == Fields{"東京"});
}

TEST_CASE("csv: fields written for export quote only what needs it and read back unchanged", "[text]") {
    using policymap::text::csv_field;
    CHECK(csv_field("千代田区") == "千代田区");
    CHECK(csv_field("") == "");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("line\r\nbreak") == "\"line\r\nbreak\"");
    CHECK(csv_field(" padded") == "\" padded\"");
    const std::string values[] = {"1,2", "\"q\"", "a\nb", "plain"};
    std::string line;
    for (const auto& v : values) line += (line.empty() ? "" : ",") + csv_field(v);
    const auto rows = parse_csv(line + "\r\n");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].fields == Fields{"1,2", "\"q\"", "a\nb", "plain"});
}

TEST_CASE("csv: cells a spreadsheet would run as formulas are written as text", "[text]") {
    using policymap::text::spreadsheet_csv_field;
    CHECK(spreadsheet_csv_field(R"x(=HYPERLINK("http://evil.example","click"))x") ==
          R"x("'=HYPERLINK(""http://evil.example"",""click"")")x");
    CHECK(spreadsheet_csv_field("+1/2") == "'+1/2");
    CHECK(spreadsheet_csv_field("-2+3") == "'-2+3");
    CHECK(spreadsheet_csv_field("@SUM(A1)") == "'@SUM(A1)");
    CHECK(spreadsheet_csv_field("\t=1") == "'\t=1");
    CHECK(spreadsheet_csv_field("\r=1") == "\"'\r=1\"");
    // Ordinary text, numbers and full-width signs are left as they are.
    CHECK(spreadsheet_csv_field("創業支援補助金") == "創業支援補助金");
    CHECK(spreadsheet_csv_field("25000000000") == "25000000000");
    CHECK(spreadsheet_csv_field("＝全額") == "＝全額");
    CHECK(spreadsheet_csv_field("1/2以内") == "1/2以内");
}
