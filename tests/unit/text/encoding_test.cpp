#include "core/error.hpp"
#include "text/encoding.hpp"

#include <catch2/catch.hpp>

using namespace policymap;

TEST_CASE("UTF-8 with and without BOM", "[text]") {
    CHECK(text::decode_text("\xEF\xBB\xBFtitle,areas", "").utf8 == "title,areas");
    CHECK(text::decode_text("東京都", "").encoding == "UTF-8");
    CHECK(text::decode_text("東京都", "utf-8").utf8 == "東京都");
}

TEST_CASE("CP932 is detected and the characters that differ from JIS Shift_JIS survive", "[text]") {
    // Windows-31J: 0x8160 is U+FF5E (～; JIS Shift_JIS says U+301C), 0x817C is
    // U+FF0D (－; JIS says U+2212), 0x8740 is ① (NEC special row; not in JIS X 0208).
    const std::string bytes = "\x83\x65\x83\x58\x83\x67\x81\x60\x81\x7C\x87\x40";  // テスト～－①
    CHECK(text::to_cp932("テスト～－①") == bytes);
    auto detected = text::decode_text(bytes, "");
    CHECK(detected.encoding == "CP932");
    CHECK(detected.utf8 == "テスト～－①");
    CHECK(text::decode_text(bytes, "Shift_JIS").utf8 == "テスト～－①");
    CHECK(text::decode_text(bytes, "windows-31j").utf8 == "テスト～－①");
}

TEST_CASE("bytes that are neither UTF-8 nor CP932 are refused with their offset", "[text]") {
    try {
        text::decode_text("ok\x85\xFF", "");
        FAIL("no error");
    } catch (const core::Error& e) {
        CHECK(e.code() == "unreadable-encoding");
    }
    CHECK_THROWS_AS(text::decode_text("\x83\x65", "latin-9"), core::Error);
    CHECK_THROWS_AS(text::decode_text("\x83\x65", "utf-8"), core::Error);
}
