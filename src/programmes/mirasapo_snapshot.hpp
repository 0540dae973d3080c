#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace policymap::programmes {

// One entry of a row's `competent_authorities`: a ministry or agency
// (kind "gov", code such as "00011-03"), a prefecture (kind "lgov", its
// 2-digit JIS code) or "other".
struct MirasapoAuthority {
    std::string id;    // Mirasapo's id for the authority
    std::string name;
    std::string code;
    std::string kind;
};

// A name of one of a row's category fields, with its remarks when given
// (stage_categories: 創業期, 成長期・成熟期, 転換期 …).
struct MirasapoCategory {
    std::string name;
    std::optional<std::string> remarks;
};

// One Mirasapo plus support-system row, fields under their Mirasapo names
// (mapped to the programme vocabulary once, in the importer). Empty text
// fields are nullopt; text keeps its line breaks ("\n").
struct MirasapoRecord {
    std::string id;
    std::string title;
    std::optional<std::string> subtitle;
    std::vector<MirasapoAuthority> competent_authorities;
    std::vector<std::string> prefecture_ids;    // unpadded "1".."47"; empty = nationwide
    std::vector<std::string> prefecture_names;
    std::string area;                           // the free-text area note, "" when absent
    std::optional<std::string> publish_date;    // YYYY-MM-DD (JST calendar dates)
    std::optional<std::string> unpublish_date;
    std::optional<std::string> reception_start_date;
    std::optional<std::string> reception_end_date;
    std::optional<std::string> target;              // who may apply
    std::optional<std::string> application_target;  // what the support pays for
    std::optional<std::string> summary;
    std::optional<std::string> body;
    std::optional<std::string> application_url;
    std::optional<std::string> refernece;       // sic: the dataset's spelling
    std::vector<MirasapoCategory> purpose_categories;
    std::vector<MirasapoCategory> stage_categories;
    std::vector<MirasapoCategory> industry_categories;
    std::string last_modified_at;               // update_info.last_modified_at, "" when absent
    std::string raw_json;                       // the row as {column: text}, for change detection
};

struct MirasapoSnapshot {
    std::string path;
    std::string captured;  // the latest update_info.last_modified_at in the file (it was captured after)
    std::vector<MirasapoRecord> records;
};

// Whether `text` is a Mirasapo plus support-system CSV: judged by its header
// (id, title, competent_authorities, prefectures, area), not by a file name.
bool is_mirasapo_csv(std::string_view text);

// Parses the CSV (any column order; columns are found by header name).
// Throws core::Error(invalid_input, "invalid-snapshot") naming the file,
// line, row id and column for a missing column, malformed CSV, malformed
// JSON inside a field, an invalid date or a duplicate id; nothing is skipped
// silently.
MirasapoSnapshot parse_mirasapo(const std::string& text, const std::string& path);

}  // namespace policymap::programmes
