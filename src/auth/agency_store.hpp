#pragma once

#include "auth/principal.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace policymap::auth {

struct AgencyInfo {
    std::int64_t id = 0;
    std::string name;
    bool admin = false;
    std::vector<std::string> areas;
    std::string created_at;
    struct Token {
        std::int64_t id = 0;
        std::string created_at;
        std::optional<std::string> revoked_at;
    };
    std::vector<Token> tokens;
};

struct IssuedToken {
    std::int64_t token_id = 0;
    std::string token;  // shown once; only its hash is stored
};

// Agencies and their tokens in the database.
class AgencyStore {
public:
    virtual ~AgencyStore() = default;

    // Creates an agency for the given area codes (2-digit prefectures,
    // 5-digit municipalities, designated cities or wards), or for every area
    // when `admin`. Throws core::Error(invalid_input, "invalid-agency") naming
    // every bad field (empty name, no areas, unknown codes, areas with --admin).
    virtual std::int64_t create_agency(const std::string& name, const std::vector<std::string>& areas, bool admin) = 0;

    // Issues a new token for the agency. Throws core::Error(not_found,
    // "agency-not-found") for an unknown agency.
    virtual IssuedToken issue_token(std::int64_t agency_id) = 0;

    // Revokes a token; false when no such token exists. Revoking twice is not an error.
    virtual bool revoke_token(std::int64_t token_id) = 0;

    virtual std::vector<AgencyInfo> list_agencies() = 0;

    // The principal of a presented bearer token. Throws
    // core::Error(unauthenticated, "invalid-token") when the token is
    // malformed, unknown or revoked (the detail says which, never the hash).
    virtual Principal authenticate(const std::string& token) = 0;
};

}  // namespace policymap::auth
