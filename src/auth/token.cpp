#include "auth/token.hpp"

#include "core/error.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>

namespace policymap::auth {

namespace {
constexpr std::string_view prefix = "pmt_";
constexpr std::size_t secret_bytes = 32;
constexpr std::size_t secret_chars = 43;  // base64url of 32 bytes, unpadded

std::string base64url(const unsigned char* data, std::size_t n) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < n; ++i) {
        acc = (acc << 8) | data[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(acc >> bits) & 0x3F];
        }
    }
    if (bits > 0) out += alphabet[(acc << (6 - bits)) & 0x3F];
    return out;
}

bool is_base64url(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}
}  // namespace

std::string new_secret() {
    std::array<unsigned char, secret_bytes> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw core::Error(core::ErrorKind::internal, "internal", "the random generator failed");
    }
    return base64url(bytes.data(), bytes.size());
}

std::string format_token(std::int64_t id, const std::string& secret) {
    return std::string(prefix) + std::to_string(id) + "_" + secret;
}

std::optional<TokenParts> parse_token(std::string_view token) {
    if (token.substr(0, prefix.size()) != prefix) return std::nullopt;
    token.remove_prefix(prefix.size());
    auto underscore = token.find('_');
    if (underscore == std::string_view::npos || underscore == 0 || underscore > 18) return std::nullopt;
    TokenParts parts;
    auto [ptr, ec] = std::from_chars(token.data(), token.data() + underscore, parts.id);
    if (ec != std::errc() || ptr != token.data() + underscore || parts.id <= 0) return std::nullopt;
    auto secret = token.substr(underscore + 1);
    if (secret.size() != secret_chars) return std::nullopt;
    for (char c : secret) {
        if (!is_base64url(c)) return std::nullopt;
    }
    parts.secret = std::string(secret);
    return parts;
}

Digest sha256(std::string_view text) {
    Digest out{};
    unsigned int len = 0;
    if (EVP_Digest(text.data(), text.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 || len != out.size()) {
        throw core::Error(core::ErrorKind::internal, "internal", "SHA-256 failed");
    }
    return out;
}

bool same_digest(const Digest& a, const Digest& b) noexcept { return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0; }

}  // namespace policymap::auth
