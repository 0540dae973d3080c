// libFuzzer target: an agency's JSON body as PUT, PATCH and POST
// /v1/programmes read it — JSON parse, then programme validation of the
// document as sent and merged as a patch onto a valid programme. Bad input
// must end in a reported problem (invalid_input) or a JSON parse error, never
// a crash, a type error of the JSON library, or another error kind.
#include "core/error.hpp"
#include "programmes/gazetteer.hpp"
#include "programmes/programme_edit.hpp"

#include <nlohmann/json.hpp>

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
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(input);
    } catch (const nlohmann::json::parse_error&) {
        return 0;  // the handler answers invalid-json
    } catch (const nlohmann::json::out_of_range&) {
        return 0;  // a number beyond a double (1E400): the handler answers invalid-json too
    }
    try {
        (void)programmes::validate_programme(doc, gazetteer, editor);
    } catch (const core::Error& e) {
        if (e.kind() != core::ErrorKind::invalid_input) __builtin_trap();
    }
    if (doc.is_object()) {
        nlohmann::json base{{"title", "創業支援補助金"}, {"areas", nlohmann::json::array({"13101"})}};
        base.merge_patch(doc);
        try {
            (void)programmes::validate_programme(base, gazetteer, editor);
        } catch (const core::Error& e) {
            if (e.kind() != core::ErrorKind::invalid_input) __builtin_trap();
        }
    }
    return 0;
}
