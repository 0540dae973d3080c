#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace policymap::auth {

using Digest = std::array<unsigned char, 32>;

// A presented token split into the row it names and its secret.
struct TokenParts {
    std::int64_t id = 0;
    std::string secret;
};

// A fresh secret: 32 bytes from OpenSSL's CSPRNG, base64url without padding
// (43 characters). Throws core::Error(internal) when the generator fails.
std::string new_secret();

// The token as handed to the agency: "pmt_<id>_<secret>".
std::string format_token(std::int64_t id, const std::string& secret);

// Splits "pmt_<id>_<secret>"; nullopt for anything of another shape.
std::optional<TokenParts> parse_token(std::string_view token);

// SHA-256 of `text` (OpenSSL EVP). Throws core::Error(internal) on failure.
Digest sha256(std::string_view text);

// Compares two digests in time independent of where they differ.
bool same_digest(const Digest& a, const Digest& b) noexcept;

}  // namespace policymap::auth
