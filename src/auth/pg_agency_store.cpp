#include "auth/pg_agency_store.hpp"

#include "auth/token.hpp"
#include "core/error.hpp"
#include "db/errors.hpp"
#include "db/pool.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <set>

namespace policymap::auth {

namespace {

std::string hex(const Digest& d) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : d) {
        out += digits[c >> 4];
        out += digits[c & 0xF];
    }
    return out;
}

std::optional<Digest> from_hex(const std::string& text) {
    if (text.size() != 64) return std::nullopt;
    Digest out{};
    auto val = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < out.size(); ++i) {
        int hi = val(text[2 * i]);
        int lo = val(text[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = static_cast<unsigned char>(hi * 16 + lo);
    }
    return out;
}

bool is_area_code(const std::string& c) {
    return (c.size() == 2 || c.size() == 5) && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

[[noreturn]] void unauthenticated(const std::string& detail) {
    throw core::Error(core::ErrorKind::unauthenticated, "invalid-token", detail);
}

}  // namespace

std::int64_t PgAgencyStore::create_agency(const std::string& name, const std::vector<std::string>& areas, bool admin) {
    std::vector<core::FieldProblem> problems;
    if (name.empty() || name.size() > 600) problems.push_back({"name", name.substr(0, 64), "a name of 1 to 200 characters is required"});
    if (admin && !areas.empty()) problems.push_back({"areas", "", "an admin agency acts on every area: give --admin or --areas, not both"});
    if (!admin && areas.empty()) problems.push_back({"areas", "", "give the area codes the agency acts on (--areas 13,13101) or --admin"});
    std::set<std::string> codes;
    for (const auto& c : areas) {
        if (!is_area_code(c)) {
            problems.push_back({"areas", c.substr(0, 64), "not an area code: 2 digits for a prefecture, 5 for a municipality"});
        } else {
            codes.insert(c);
        }
    }
    auto lease = m_pool.acquire();
    try {
        pqxx::work tx(lease.connection());
        const nlohmann::json list(std::vector<std::string>(codes.begin(), codes.end()));
        std::set<std::string> known;
        for (const auto& r : tx.exec_prepared(lease.prepared("src/auth/sql/areas_known.sql"), list.dump())) {
            known.insert(r[0].as<std::string>());
        }
        for (const auto& c : codes) {
            if (known.count(c) == 0) problems.push_back({"areas", c, "no such area among the imported boundaries"});
        }
        if (!problems.empty()) core::throw_invalid("invalid-agency", "the agency cannot be created as given", problems);
        auto id = tx.exec_prepared1(lease.prepared("src/auth/sql/agency_insert.sql"), name, admin)[0].as<std::int64_t>();
        tx.exec_prepared(lease.prepared("src/auth/sql/agency_area_insert.sql"), id, list.dump());
        tx.commit();
        return id;
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

IssuedToken PgAgencyStore::issue_token(std::int64_t agency_id) {
    const auto secret = new_secret();
    auto lease = m_pool.acquire();
    try {
        pqxx::work tx(lease.connection());
        auto rows = tx.exec_prepared(lease.prepared("src/auth/sql/token_insert.sql"), agency_id, hex(sha256(secret)));
        if (rows.empty()) core::throw_not_found("agency-not-found", "no agency " + std::to_string(agency_id));
        const auto id = rows[0][0].as<std::int64_t>();
        tx.commit();
        return {id, format_token(id, secret)};
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

bool PgAgencyStore::revoke_token(std::int64_t token_id) {
    auto lease = m_pool.acquire();
    try {
        pqxx::work tx(lease.connection());
        auto rows = tx.exec_prepared(lease.prepared("src/auth/sql/token_revoke.sql"), token_id);
        tx.commit();
        return !rows.empty();
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
}

std::vector<AgencyInfo> PgAgencyStore::list_agencies() {
    std::vector<AgencyInfo> out;
    auto lease = m_pool.acquire();
    try {
        pqxx::read_transaction tx(lease.connection());
        for (const auto& r : tx.exec_prepared(lease.prepared("src/auth/sql/agency_list.sql"))) {
            AgencyInfo a;
            a.id = r[0].as<std::int64_t>();
            a.name = r[1].as<std::string>();
            a.admin = r[2].as<bool>();
            a.created_at = r[3].as<std::string>();
            a.areas = nlohmann::json::parse(r[4].as<std::string>()).get<std::vector<std::string>>();
            for (const auto& t : nlohmann::json::parse(r[5].as<std::string>())) {
                AgencyInfo::Token token{t.at("id").get<std::int64_t>(), t.at("created_at").get<std::string>(), std::nullopt};
                if (!t.at("revoked_at").is_null()) token.revoked_at = t.at("revoked_at").get<std::string>();
                a.tokens.push_back(std::move(token));
            }
            out.push_back(std::move(a));
        }
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
    return out;
}

Principal PgAgencyStore::authenticate(const std::string& token) {
    auto parts = parse_token(token);
    if (!parts) unauthenticated("the bearer token is not a policymap token");
    const Digest presented = sha256(parts->secret);
    auto lease = m_pool.acquire();
    Principal p;
    try {
        pqxx::read_transaction tx(lease.connection());
        auto rows = tx.exec_prepared(lease.prepared("src/auth/sql/token_check.sql"), parts->id);
        // The hash is compared even when the row is missing, against a dummy,
        // so that unknown and wrong tokens take the same time.
        const auto stored = rows.empty() ? std::optional<Digest>() : from_hex(rows[0][1].as<std::string>());
        const bool match = same_digest(presented, stored.value_or(Digest{})) && stored.has_value();
        if (!match) unauthenticated("unknown bearer token");
        if (rows[0][2].as<bool>()) unauthenticated("this token has been revoked");
        p.agency_id = rows[0][0].as<std::int64_t>();
        p.agency_name = rows[0][3].as<std::string>();
        p.admin = rows[0][4].as<bool>();
        p.token_id = parts->id;
        for (const auto& r : tx.exec_prepared(lease.prepared("src/auth/sql/agency_reach.sql"), p.agency_id)) {
            const auto code = r[0].as<std::string>();
            p.reach.insert(code);
            if (r[1].as<bool>()) p.granted.push_back(code);
        }
        std::sort(p.granted.begin(), p.granted.end());
    } catch (const std::exception& e) {
        db::rethrow_as_error(e);
    }
    return p;
}

}  // namespace policymap::auth
