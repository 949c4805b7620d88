// sdk_signing.cpp - Standard Webhooks signatures: "whsec_" secrets (canonical base64
// only), HMAC-SHA256 over "id.timestamp.body", keyed once per client.
#include "sdk_internal.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include <cstring>

namespace od_sdk_impl {
namespace {

bool b64_decode(std::string_view in, std::vector<unsigned char> &out) {
    std::string s;
    for (char c : in)
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') s += c;
    if (s.empty() || s.size() % 4 != 0) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '+' || c == '/' || (c == '=' && i >= s.size() - 2);
        if (!ok) return false;
    }
    out.assign(s.size() / 4 * 3, 0);
    int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char *>(s.data()),
                            static_cast<int>(s.size()));
    if (n < 0) return false;
    size_t pad = (s.back() == '=') + (s.size() > 1 && s[s.size() - 2] == '=');
    out.resize(static_cast<size_t>(n) - pad);
    return true;
}

std::string b64_encode(const unsigned char *p, size_t n) {
    std::string out(4 * ((n + 2) / 3) + 1, '\0');
    int k = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()), p, static_cast<int>(n));
    out.resize(static_cast<size_t>(k));
    return out;
}

}  // namespace

bool secret_key(std::string_view secret, std::vector<unsigned char> &key) {
    constexpr std::string_view prefix = "whsec_";
    if (secret.substr(0, prefix.size()) != prefix) return false;
    secret.remove_prefix(prefix.size());
    if (!b64_decode(secret, key) || key.empty()) return false;
    // canonical base64 only: what we decoded must encode back to what was given
    return b64_encode(key.data(), key.size()) == secret;
}

namespace {

std::string sign(const std::vector<unsigned char> &key, std::string_view id, int64_t ts,
                 std::string_view body) {
    std::string msg;
    msg.reserve(id.size() + body.size() + 24);
    msg.append(id).append(".").append(std::to_string(ts)).append(".").append(body);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char *>(msg.data()), msg.size(), mac, &mac_len))
        return {};
    return "v1," + b64_encode(mac, mac_len);
}

}  // namespace

KeyedHmac::~KeyedHmac() {
    EVP_MAC_CTX_free(base_);
    EVP_MAC_free(mac_);
}

bool KeyedHmac::init(const std::vector<unsigned char> &key) {
    mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (!mac_) return false;
    base_ = EVP_MAC_CTX_new(mac_);
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_end()};
    return base_ && EVP_MAC_init(base_, key.data(), key.size(), params) == 1;
}

// "v1,<base64>" for id.timestamp.body, or "" on failure.
std::string KeyedHmac::sign(std::string_view id, int64_t ts, std::string_view body) const {
    EVP_MAC_CTX *ctx = base_ ? EVP_MAC_CTX_dup(base_) : nullptr;
    if (!ctx) return {};
    std::string stamp = std::to_string(ts);
    auto feed = [&](std::string_view part) {
        return EVP_MAC_update(ctx, reinterpret_cast<const unsigned char *>(part.data()), part.size()) == 1;
    };
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t mac_len = 0;
    bool ok = feed(id) && feed(".") && feed(stamp) && feed(".") && feed(body) &&
              EVP_MAC_final(ctx, mac, &mac_len, sizeof mac) == 1;
    EVP_MAC_CTX_free(ctx);
    return ok ? "v1," + b64_encode(mac, mac_len) : std::string();
}

}  // namespace od_sdk_impl

using namespace od_sdk_impl;

extern "C" int od_sdk_webhook_sign(const char *secret, const char *msg_id, int64_t timestamp,
                        const char *body, size_t body_len, char *out, size_t out_len) {
    if (!secret || !msg_id || (!body && body_len) || !out) return -1;
    std::vector<unsigned char> key;
    if (!secret_key(secret, key)) return -1;
    std::string sig = sign(key, msg_id, timestamp, std::string_view(body ? body : "", body_len));
    OPENSSL_cleanse(key.data(), key.size());
    if (sig.empty() || sig.size() + 1 > out_len) return -1;
    std::memcpy(out, sig.c_str(), sig.size() + 1);
    return 0;
}
