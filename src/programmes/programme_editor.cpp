#include "programmes/programme_editor.hpp"

#include "core/error.hpp"

#include <set>

namespace policymap::programmes {

namespace {

[[noreturn]] void forbidden(const std::string& code, const std::string& detail, std::vector<core::FieldProblem> fields = {}) {
    throw core::Error(core::ErrorKind::forbidden, code, detail, std::move(fields));
}

void throw_validation(const Validation& v) {
    if (!v.problems.empty()) {
        auto all = v.problems;
        all.insert(all.end(), v.outside.begin(), v.outside.end());
        core::throw_invalid("invalid-programme", "the programme has " + std::to_string(all.size()) + " problem(s)", all);
    }
    if (!v.outside.empty()) {
        forbidden("outside-jurisdiction", "the agency may not place programmes on some of these areas", v.outside);
    }
}

std::vector<std::string> areas_of(const nlohmann::json& fields) {
    std::vector<std::string> out;
    if (fields.contains("areas") && fields.at("areas").is_array()) {
        for (const auto& a : fields.at("areas")) out.push_back(a.get<std::string>());
    }
    return out;
}

}  // namespace

ProgrammeEditor::ProgrammeEditor(EditStore& store, std::function<Gazetteer()> load_gazetteer, EditLimits limits)
    : m_store(store), m_load(std::move(load_gazetteer)), m_limits(limits) {}

std::shared_ptr<const Gazetteer> ProgrammeEditor::gazetteer() {
    std::lock_guard lock(m_mutex);
    if (!m_gazetteer) m_gazetteer = std::make_shared<const Gazetteer>(m_load());
    return m_gazetteer;
}

EditResult ProgrammeEditor::create(const Editor& editor, const nlohmann::json& body) {
    auto g = gazetteer();
    auto v = validate_programme(body, *g, editor);
    throw_validation(v);
    if (v.fields.ref && m_store.find_by_ref(editor.agency_id, *v.fields.ref)) {
        throw core::Error(core::ErrorKind::conflict, "ref-taken",
                          "this agency already has a programme with ref " + *v.fields.ref + "; PUT to it instead",
                          {{"ref", *v.fields.ref, "already used by this agency"}});
    }
    Change ch;
    ch.kind = Change::Kind::create;
    ch.fields = v.fields;
    auto applied = apply({ch}, editor);
    return {applied[0].id, applied[0].version, applied[0].programme};
}

std::vector<Applied> ProgrammeEditor::apply(const std::vector<Change>& changes, const Editor& editor) {
    auto applied = m_store.apply(changes, editor);
    if (m_on_change) m_on_change();
    return applied;
}

StoredProgramme ProgrammeEditor::editable(const Editor& editor, std::int64_t id) {
    auto current = m_store.find(id);
    if (!current) core::throw_not_found("programme-not-found", "no programme " + std::to_string(id));
    if (current->source == "jgrants") {
        forbidden("read-only-source", "programme " + std::to_string(id) +
                                          " is imported from jGrants and read-only to agencies; it changes with the next snapshot");
    }
    if (!editor.admin && current->owner_agency_id != editor.agency_id) {
        // A draft of another agency is not even shown to exist.
        if (current->status == "draft") core::throw_not_found("programme-not-found", "no programme " + std::to_string(id));
        forbidden("not-owner", "programme " + std::to_string(id) + " belongs to another agency; " + editor.agency_name +
                                   " may edit only its own programmes");
    }
    return *current;
}

EditResult ProgrammeEditor::update_with(const Editor& editor, const StoredProgramme& current, std::optional<int> if_match,
                                        const nlohmann::json& doc) {
    if (!if_match) {
        throw core::Error(core::ErrorKind::precondition_required, "if-match-required",
                          "send If-Match with the ETag of the version you edited, so that no one else's change is lost");
    }
    if (*if_match != 0 && *if_match != current.version) {
        throw core::Error(core::ErrorKind::precondition_failed, "stale-version",
                          "the programme changed since you read it (now version " + std::to_string(current.version) +
                              "); fetch it again and reapply your change");
    }
    auto g = gazetteer();
    auto v = validate_programme(doc, *g, editor);
    throw_validation(v);
    if (v.fields.ref && v.fields.ref != (current.fields.contains("ref") && current.fields["ref"].is_string()
                                             ? std::optional<std::string>(current.fields["ref"].get<std::string>())
                                             : std::nullopt)) {
        if (auto other = m_store.find_by_ref(editor.agency_id, *v.fields.ref); other && other->id != current.id) {
            throw core::Error(core::ErrorKind::conflict, "ref-taken", "another programme of this agency has ref " + *v.fields.ref,
                              {{"ref", *v.fields.ref, "already used by this agency"}});
        }
    }
    Change ch;
    ch.kind = Change::Kind::update;
    ch.id = current.id;
    ch.expected_version = current.version;
    ch.fields = v.fields;
    ch.before = current.fields;
    ch.old_areas = areas_of(current.fields);
    auto applied = apply({ch}, editor);
    return {applied[0].id, applied[0].version, applied[0].programme};
}

EditResult ProgrammeEditor::replace(const Editor& editor, std::int64_t id, std::optional<int> if_match, const nlohmann::json& body) {
    auto current = editable(editor, id);
    return update_with(editor, current, if_match, body);
}

EditResult ProgrammeEditor::patch(const Editor& editor, std::int64_t id, std::optional<int> if_match, const nlohmann::json& patch) {
    auto current = editable(editor, id);
    if (!patch.is_object()) core::throw_invalid("invalid-programme", "a patch must be a JSON object", {{"", "", "not an object"}});
    nlohmann::json doc = current.fields;
    if (current.status == "closed") doc["status"] = "draft";
    doc.merge_patch(patch);
    return update_with(editor, current, if_match, doc);
}

EditResult ProgrammeEditor::withdraw(const Editor& editor, std::int64_t id, std::optional<int> if_match) {
    auto current = editable(editor, id);
    if (if_match && *if_match != 0 && *if_match != current.version) {
        throw core::Error(core::ErrorKind::precondition_failed, "stale-version",
                          "the programme changed since you read it (now version " + std::to_string(current.version) + ")");
    }
    if (current.status == "closed") return {current.id, current.version, m_store.view(current.id)};
    Change ch;
    ch.kind = Change::Kind::withdraw;
    ch.id = current.id;
    ch.expected_version = current.version;
    ch.before = current.fields;
    ch.old_areas = areas_of(current.fields);
    auto applied = apply({ch}, editor);
    return {applied[0].id, applied[0].version, applied[0].programme};
}

nlohmann::json ProgrammeEditor::history(const Editor* editor, std::int64_t id) {
    auto current = m_store.find(id);
    if (!current) core::throw_not_found("programme-not-found", "no programme " + std::to_string(id));
    const bool own = editor != nullptr && (editor->admin || current->owner_agency_id == editor->agency_id);
    if (current->status == "draft" && !own) core::throw_not_found("programme-not-found", "no programme " + std::to_string(id));
    return m_store.history(id);
}

ImportReport ProgrammeEditor::import(const Editor& editor, const std::vector<ImportRow>& rows, bool dry_run) {
    if (rows.size() > m_limits.max_rows) {
        core::throw_invalid("too-many-rows", "an upload takes at most " + std::to_string(m_limits.max_rows) + " rows; split the file",
                            {{"rows", std::to_string(rows.size()), "more than " + std::to_string(m_limits.max_rows)}});
    }
    ImportReport report;
    report.dry_run = dry_run;
    report.rows = rows.size();
    auto g = gazetteer();
    std::vector<Change> changes;
    std::set<std::string> refs;
    for (const auto& row : rows) {
        if (!row.unreadable.empty()) {
            report.issues.push_back({row.row, "", "", row.unreadable, false});
            continue;
        }
        auto v = validate_programme(row.doc, *g, editor);
        for (const auto& p : v.problems) report.issues.push_back({row.row, p.field, p.value, p.message, false});
        for (const auto& p : v.outside) report.issues.push_back({row.row, p.field, p.value, p.message, true});
        if (!v.problems.empty() || !v.outside.empty()) continue;
        ImportOutcome outcome{row.row, "create", v.fields.ref, 0, 0};
        Change ch;
        ch.fields = v.fields;
        if (v.fields.ref) {
            if (!refs.insert(*v.fields.ref).second) {
                report.issues.push_back({row.row, "ref", *v.fields.ref, "the same ref appears on an earlier row", false});
                continue;
            }
            if (auto existing = m_store.find_by_ref(editor.agency_id, *v.fields.ref)) {
                ch.kind = Change::Kind::update;
                ch.id = existing->id;
                ch.expected_version = existing->version;
                ch.before = existing->fields;
                ch.old_areas = areas_of(existing->fields);
                outcome.action = "update";
                outcome.id = existing->id;
            }
        }
        changes.push_back(std::move(ch));
        report.outcomes.push_back(outcome);
    }
    if (dry_run || !report.issues.empty() || changes.empty()) return report;
    auto applied = apply(changes, editor);
    for (std::size_t i = 0; i < applied.size(); ++i) {
        report.outcomes[i].id = applied[i].id;
        report.outcomes[i].version = applied[i].version;
    }
    report.applied = true;
    return report;
}

}  // namespace policymap::programmes
