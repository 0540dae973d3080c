// libFuzzer target: an agency upload as the server reads it — encoding
// detection (UTF-8 / CP932), CSV records, then every cell through the date,
// amount and area parsers and programme validation. Bad input must end in a
// reported problem (invalid_input), never a crash or another error kind.
#include "core/error.hpp"
#include "programmes/csv.hpp"
#include "programmes/field_parsers.hpp"
#include "programmes/gazetteer.hpp"
#include "programmes/programme_edit.hpp"
#include "text/encoding.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace policymap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const programmes::Gazetteer gazetteer({
        {"13", programmes::AreaLevel::prefecture, "東京都", "13", "", ""},
        {"13101", programmes::AreaLevel::municipality, "千代田区", "13", "13", ""},
        {"13206", programmes::AreaLevel::municipality, "府中市", "13", "13", ""},
        {"34208", programmes::AreaLevel::municipality, "府中市", "34", "34", ""},
    });
    static const programmes::Editor editor = [] {
        programmes::Editor e;
        e.agency_name = "fuzz";
        e.granted = {"13"};
        e.reach = {"13", "13101", "13206"};
        return e;
    }();
    std::string_view input(reinterpret_cast<const char*>(data), size);
    try {
        auto decoded = text::decode_text(input, "");
        std::vector<programmes::CsvProblem> problems;
        auto records = programmes::parse_csv(decoded.utf8, problems);
        const auto& fields = programmes::editable_fields();
        for (const auto& rec : records) {
            nlohmann::json doc = nlohmann::json::object();
            for (std::size_t i = 0; i < rec.cells.size() && i < fields.size(); ++i) {
                doc[fields[i]] = rec.cells[i];
                std::string why;
                (void)programmes::parse_instant(rec.cells[i], i % 2 == 0, why);
                (void)programmes::parse_yen(rec.cells[i], why);
                (void)programmes::resolve_area_reference(rec.cells[i], gazetteer, why);
            }
            (void)programmes::validate_programme(doc, gazetteer, editor);
        }
    } catch (const core::Error& e) {
        if (e.kind() != core::ErrorKind::invalid_input) __builtin_trap();
    }
    return 0;
}
