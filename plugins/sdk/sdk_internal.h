// sdk_internal.h - what the SDK's files share and plugins never see: the opaque types
// behind od_sdk_json, od_sdk_writer and od_sdk_client, and the helpers more than one file
// uses. One idea per file: sdk_text (UTF-8, formatting), sdk_signing, sdk_json_read,
// sdk_json_write, sdk_host (the ABI structs), sdk_config (the client's configuration),
// sdk_http (posting), sdk_poll, od_sdk_payload.c (department payloads).
#pragma once
#include "onedoor/od_plugin_sdk.h"

#include <boost/json.hpp>
#include <curl/curl.h>
#include <openssl/evp.h>

#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace od_sdk_impl {

namespace json = boost::json;

constexpr size_t kMaxResponseBytes = 64 * 1024;     // kept of a response body
constexpr size_t kMaxPollBytes = 16 * 1024 * 1024;  // a poll response may be larger
constexpr int64_t kMaxRetryAfterMs = 24LL * 3600 * 1000;
constexpr size_t kMaxIdleHandles = 32;

// ---- text (sdk_text.cpp) ----
bool utf8_valid(std::string_view s);
// Printable text for reasons/logs: valid UTF-8 kept, control chars and bad bytes -> '?'.
std::string sanitize(std::string_view s, size_t max_bytes);
// Copy into a fixed buffer of `cap` bytes, NUL-terminated, cut at a UTF-8 boundary.
void copy_utf8(char *dst, size_t cap, std::string_view src);
void copy_err(char *buf, size_t len, std::string_view msg);
std::string vformat(const char *fmt, va_list ap);
bool ieq(std::string_view a, std::string_view b);  // ASCII case-insensitive
std::string_view trim(std::string_view s);

// ---- signing (sdk_signing.cpp) ----
// Standard Webhooks secrets are "whsec_" + base64 of the key; anything else is refused
// (a secret pasted without its prefix would sign with the wrong key).
bool secret_key(std::string_view secret, std::vector<unsigned char> &key);

// HMAC-SHA256 keyed once per client. OpenSSL 3's one-shot HMAC() fetches the algorithm
// and derives the key pads on every call, which cost more than the loopback HTTP request
// itself; duplicating a keyed context is cheap. The base context is only read after
// init, so concurrent sign() calls are safe.
class KeyedHmac {
public:
    KeyedHmac() = default;
    KeyedHmac(const KeyedHmac &) = delete;
    KeyedHmac &operator=(const KeyedHmac &) = delete;
    ~KeyedHmac();
    bool init(const std::vector<unsigned char> &key);
    // "v1,<base64>" for id.timestamp.body, or "" on failure.
    std::string sign(std::string_view id, int64_t ts, std::string_view body) const;

private:
    EVP_MAC *mac_ = nullptr;
    EVP_MAC_CTX *base_ = nullptr;
};

// ---- JSON (sdk_json_read.cpp, sdk_json_write.cpp) ----
const json::value *find(const json::value &root, const char *pointer);
// Integral doubles (800.0) become integers so payloads read "800", not "8E2".
// Returns false when v holds a number out of double range (1e400 parses to infinity),
// which JSON cannot express: such a value is refused, never written as "Infinity".
bool normalise_numbers(json::value &v);

// ---- configuration and HTTP (sdk_config.cpp, sdk_http.cpp) ----
// Why u is not an absolute http(s) URL with a host as libcurl parses it (curl_url()),
// or "" when it is one; white space and control characters are refused.
std::string url_problem(std::string_view u);
bool http_url(std::string_view u);

struct Exchange {
    std::string body;
    size_t cap = kMaxResponseBytes;
    bool truncated = false;
    std::string retry_after;
    long status = 0;
    CURLcode code = CURLE_OK;
    char errbuf[CURL_ERROR_SIZE] = {0};
};

// Runs one request on the client's pooled handles. `extra` headers are "Name: value" lines.
void perform(od_sdk_client *c, const std::string &url, const char *post, size_t post_len,
             const std::vector<std::string> &extra, Exchange &ex);
std::string curl_reason(const Exchange &ex);

}  // namespace od_sdk_impl

// ---- opaque types ------------------------------------------------------------------------

struct od_sdk_json {
    od_sdk_impl::json::value root;
};

struct od_sdk_writer {
    od_sdk_impl::json::value root;
    bool has_root = false;
    std::vector<od_sdk_impl::json::value *> stack;  // open containers
    std::string error;
    std::string out;

    void fail(std::string msg) {
        if (error.empty()) error = std::move(msg);
    }
    od_sdk_impl::json::value *add(const char *key, od_sdk_impl::json::value v) {
        if (!error.empty()) return nullptr;
        if (key && !od_sdk_impl::utf8_valid(key)) {
            fail("key is not valid UTF-8");
            return nullptr;
        }
        if (stack.empty()) {
            if (has_root) { fail("more than one top-level value"); return nullptr; }
            if (key) { fail(std::string("key \"") + key + "\" given at top level"); return nullptr; }
            root = std::move(v);
            has_root = true;
            return &root;
        }
        od_sdk_impl::json::value *top = stack.back();
        if (top->is_object()) {
            if (!key) { fail("missing key inside an object"); return nullptr; }
            auto &obj = top->get_object();
            if (obj.contains(key)) { fail(std::string("duplicate key \"") + key + "\""); return nullptr; }
            auto r = obj.emplace(key, std::move(v));
            return &r.first->value();
        }
        if (key) { fail(std::string("key \"") + key + "\" given inside an array"); return nullptr; }
        auto &arr = top->get_array();
        arr.push_back(std::move(v));
        return &arr.back();
    }
    void end(bool object) {
        if (!error.empty()) return;
        if (stack.empty() || stack.back()->is_object() != object) {
            fail(object ? "end_object without a matching begin_object"
                        : "end_array without a matching begin_array");
            return;
        }
        stack.pop_back();
    }
};

struct od_sdk_client {
    const od_plugin_host *host = nullptr;
    od_sdk_json config;
    std::string url, poll_url, ca_file, secret_hint;
    std::vector<unsigned char> key;
    od_sdk_impl::KeyedHmac hmac;  // keyed with `key` once
    long timeout_ms = 10000;
    long connect_timeout_ms = 5000;
    std::vector<std::string> headers;  // "Name: value"
    std::string user_agent;            // the SDK's and the host's names and versions

    std::mutex mu;
    std::vector<CURL *> idle;

    // a pool of easy handles, so connections, DNS and TLS sessions are reused (sdk_http.cpp)
    CURL *acquire();
    void release(CURL *h);
    ~od_sdk_client();
};
