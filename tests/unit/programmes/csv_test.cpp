#include "programmes/csv.hpp"

#include <catch2/catch.hpp>

using namespace policymap::programmes;

TEST_CASE("CSV as Excel writes it: CRLF, quotes, commas and line breaks inside", "[programmes]") {
    std::vector<CsvProblem> problems;
    auto rows = parse_csv("a,b,c\r\n1,\"x, y\",\"line1\r\nline2\"\r\n\r\n2,\"say \"\"hi\"\"\",\r\n", problems);
    CHECK(problems.empty());
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].cells == std::vector<std::string>{"1", "x, y", "line1\nline2"});
    CHECK(rows[1].line == 2);
    CHECK(rows[2].cells == std::vector<std::string>{"2", "say \"hi\"", ""});
    CHECK(rows[2].line == 5);
}

TEST_CASE("LF files and a last line without a break", "[programmes]") {
    std::vector<CsvProblem> problems;
    auto rows = parse_csv("a,b\n1,2", problems);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].cells == std::vector<std::string>{"1", "2"});
}

TEST_CASE("broken quoting is reported, never guessed around", "[programmes]") {
    std::vector<CsvProblem> problems;
    auto rows = parse_csv("a,b\n\"x\"y,2\n3,4\n", problems);
    REQUIRE(rows.size() == 3);
    CHECK_FALSE(rows[1].problem.empty());
    CHECK(rows[2].cells == std::vector<std::string>{"3", "4"});
    auto more = parse_csv("a,b\n1,\"never closed\n2,3\n", problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 2);
    CHECK(more.size() == 1);
}
