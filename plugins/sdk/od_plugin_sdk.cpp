// od_plugin_sdk.cpp - implementation of od_plugin_sdk.h (see there for the contract).
#include "od_plugin_sdk.h"

#include <boost/json.hpp>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <vector>

namespace json = boost::json;

namespace {

constexpr size_t kMaxResponseBytes = 64 * 1024;     // kept of a response body
constexpr size_t kMaxPollBytes = 16 * 1024 * 1024;  // a poll response may be larger
constexpr int64_t kMaxRetryAfterMs = 24LL * 3600 * 1000;
constexpr size_t kMaxIdleHandles = 32;

void copy_err(char *buf, size_t len, std::string_view msg);

// ---- UTF-8 ---------------------------------------------------------------------------

// Length of the valid UTF-8 sequence at s[i..n), or 0 if invalid.
size_t utf8_seq(const unsigned char *s, size_t i, size_t n) {
    unsigned char c = s[i];
    if (c < 0x80) return 1;
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return 0;
    if (i + len > n) return 0;
    for (size_t k = 1; k < len; ++k) {
        if ((s[i + k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
        return 0;  // overlong
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

bool utf8_valid(std::string_view s) {
    auto *p = reinterpret_cast<const unsigned char *>(s.data());
    for (size_t i = 0; i < s.size();) {
        size_t l = utf8_seq(p, i, s.size());
        if (!l) return false;
        i += l;
    }
    return true;
}

// Printable text for reasons/logs: valid UTF-8 kept, control chars and bad bytes -> '?'.
std::string sanitize(std::string_view s, size_t max_bytes) {
    std::string out;
    auto *p = reinterpret_cast<const unsigned char *>(s.data());
    for (size_t i = 0; i < s.size() && out.size() < max_bytes;) {
        size_t l = utf8_seq(p, i, s.size());
        if (l == 0 || (l == 1 && (p[i] < 0x20 || p[i] == 0x7F))) {
            out += (l == 1 && (p[i] == '\n' || p[i] == '\r' || p[i] == '\t')) ? ' ' : '?';
            i += l ? l : 1;
            continue;
        }
        if (out.size() + l > max_bytes) break;
        out.append(s.substr(i, l));
        i += l;
    }
    return out;
}

// Copy into a fixed buffer of `cap` bytes, NUL-terminated, cut at a UTF-8 boundary.
void copy_utf8(char *dst, size_t cap, std::string_view src) {
    if (!dst || cap == 0) return;
    size_t n = std::min(src.size(), cap - 1);
    // step back over continuation bytes so we don't split a character
    if (n < src.size()) {
        while (n > 0 && (static_cast<unsigned char>(src[n]) & 0xC0) == 0x80) --n;
    }
    std::memcpy(dst, src.data(), n);
    dst[n] = '\0';
}

void copy_err(char *buf, size_t len, std::string_view msg) { copy_utf8(buf, len, msg); }

std::string vformat(const char *fmt, va_list ap) {
    if (!fmt) return {};
    va_list ap2;
    va_copy(ap2, ap);
    int n = std::vsnprintf(nullptr, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0) return {};
    std::string s(static_cast<size_t>(n) + 1, '\0');
    std::vsnprintf(s.data(), s.size(), fmt, ap);
    s.resize(static_cast<size_t>(n));
    return s;
}

// ---- base64 / signing ------------------------------------------------------------------

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

// Standard Webhooks secrets are "whsec_" + base64 of the key; anything else is refused
// (a secret pasted without its prefix would sign with the wrong key).
bool secret_key(std::string_view secret, std::vector<unsigned char> &key) {
    constexpr std::string_view prefix = "whsec_";
    if (secret.substr(0, prefix.size()) != prefix) return false;
    secret.remove_prefix(prefix.size());
    if (!b64_decode(secret, key) || key.empty()) return false;
    // canonical base64 only: what we decoded must encode back to what was given
    return b64_encode(key.data(), key.size()) == secret;
}

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

// HMAC-SHA256 keyed once per client. OpenSSL 3's one-shot HMAC() fetches the algorithm
// and derives the key pads on every call, which cost more than the loopback HTTP request
// itself; duplicating a keyed context is cheap. The base context is only read after
// init, so concurrent sign() calls are safe.
class KeyedHmac {
public:
    KeyedHmac() = default;
    KeyedHmac(const KeyedHmac &) = delete;
    KeyedHmac &operator=(const KeyedHmac &) = delete;
    ~KeyedHmac() {
        EVP_MAC_CTX_free(base_);
        EVP_MAC_free(mac_);
    }
    bool init(const std::vector<unsigned char> &key) {
        mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        if (!mac_) return false;
        base_ = EVP_MAC_CTX_new(mac_);
        char digest[] = "SHA256";
        OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
        return base_ && EVP_MAC_init(base_, key.data(), key.size(), params) == 1;
    }
    // "v1,<base64>" for id.timestamp.body, or "" on failure.
    std::string sign(std::string_view id, int64_t ts, std::string_view body) const {
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

private:
    EVP_MAC *mac_ = nullptr;
    EVP_MAC_CTX *base_ = nullptr;
};

// ---- JSON helpers ------------------------------------------------------------------------

const json::value *find(const json::value &root, const char *pointer) {
    if (!pointer) return nullptr;
    boost::system::error_code ec;
    const json::value *v = root.find_pointer(pointer, ec);
    return ec ? nullptr : v;
}

// Integral doubles (800.0) become integers so payloads read "800", not "8E2".
void normalise_numbers(json::value &v) {
    if (v.is_double()) {
        double d = v.get_double();
        if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9007199254740992.0)
            v = static_cast<int64_t>(d);
    } else if (v.is_array()) {
        for (auto &e : v.get_array()) normalise_numbers(e);
    } else if (v.is_object()) {
        for (auto &kv : v.get_object()) normalise_numbers(kv.value());
    }
}

bool ieq(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

int64_t parse_retry_after(std::string_view v) {
    v = trim(v);
    if (v.empty()) return 0;
    if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (v.size() > 7) return kMaxRetryAfterMs;
        int64_t s = std::stoll(std::string(v));
        return std::min(s * 1000, kMaxRetryAfterMs);
    }
    std::string date(v);
    time_t t = curl_getdate(date.c_str(), nullptr);
    if (t == static_cast<time_t>(-1)) return 0;
    int64_t ms = (static_cast<int64_t>(t) - static_cast<int64_t>(std::time(nullptr))) * 1000;
    return std::clamp<int64_t>(ms, 0, kMaxRetryAfterMs);
}

// http(s)://host[...], with a host and no white space or control characters anywhere.
bool http_url(std::string_view u) {
    size_t scheme = u.substr(0, 7) == "http://" ? 7 : u.substr(0, 8) == "https://" ? 8 : 0;
    if (scheme == 0 || u.size() == scheme || u[scheme] == '/' || u[scheme] == ':') return false;
    return std::none_of(u.begin(), u.end(), [](char ch) {
        return static_cast<unsigned char>(ch) <= ' ' || ch == 0x7F;
    });
}

}  // namespace

// ---- opaque types ------------------------------------------------------------------------

struct od_sdk_json {
    json::value root;
};

struct od_sdk_writer {
    json::value root;
    bool has_root = false;
    std::vector<json::value *> stack;  // open containers
    std::string error;
    std::string out;

    void fail(std::string msg) {
        if (error.empty()) error = std::move(msg);
    }
    json::value *add(const char *key, json::value v) {
        if (!error.empty()) return nullptr;
        if (key && !utf8_valid(key)) {
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
        json::value *top = stack.back();
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
    KeyedHmac hmac;  // keyed with `key` once
    long timeout_ms = 10000;
    long connect_timeout_ms = 5000;
    std::vector<std::string> headers;  // "Name: value"

    std::mutex mu;
    std::vector<CURL *> idle;

    CURL *acquire() {
        {
            std::lock_guard<std::mutex> lk(mu);
            if (!idle.empty()) {
                CURL *h = idle.back();
                idle.pop_back();
                return h;
            }
        }
        return curl_easy_init();
    }
    void release(CURL *h) {
        if (!h) return;
        curl_easy_reset(h);  // keeps live connections, DNS and TLS session caches
        {
            std::lock_guard<std::mutex> lk(mu);
            if (idle.size() < kMaxIdleHandles) {
                idle.push_back(h);
                return;
            }
        }
        curl_easy_cleanup(h);
    }
    ~od_sdk_client() {
        for (CURL *h : idle) curl_easy_cleanup(h);
        OPENSSL_cleanse(key.data(), key.size());
    }
};

namespace {

// ---- one HTTP exchange -------------------------------------------------------------------

struct Exchange {
    std::string body;
    size_t cap = kMaxResponseBytes;
    bool truncated = false;
    std::string retry_after;
    long status = 0;
    CURLcode code = CURLE_OK;
    char errbuf[CURL_ERROR_SIZE] = {0};
};

size_t on_body(char *p, size_t size, size_t n, void *ud) {
    auto *ex = static_cast<Exchange *>(ud);
    size_t len = size * n;
    size_t room = ex->cap > ex->body.size() ? ex->cap - ex->body.size() : 0;
    if (len > room) ex->truncated = true;
    ex->body.append(p, std::min(len, room));
    return len;  // keep reading (and discard) so the status still counts
}

size_t on_header(char *p, size_t size, size_t n, void *ud) {
    auto *ex = static_cast<Exchange *>(ud);
    std::string_view line(p, size * n);
    if (line.substr(0, 5) == "HTTP/") {
        ex->retry_after.clear();  // a new response (after 1xx) starts
    } else {
        auto colon = line.find(':');
        if (colon != std::string_view::npos && ieq(trim(line.substr(0, colon)), "retry-after"))
            ex->retry_after = std::string(trim(line.substr(colon + 1)));
    }
    return size * n;
}

// Runs one request on a pooled handle. `extra` headers are "Name: value" lines.
void perform(od_sdk_client *c, const std::string &url, const char *post, size_t post_len,
             const std::vector<std::string> &extra, Exchange &ex) {
    CURL *h = c->acquire();
    if (!h) {
        ex.code = CURLE_OUT_OF_MEMORY;
        return;
    }
    curl_slist *hdrs = nullptr;
    bool oom = false;
    auto push = [&](const std::string &line) {
        curl_slist *n = curl_slist_append(hdrs, line.c_str());
        if (!n) oom = true; else hdrs = n;
    };
    for (const auto &l : extra) push(l);
    for (const auto &l : c->headers) push(l);
    push("Expect:");  // no 100-continue round trip for larger bodies
    if (oom) {
        curl_slist_free_all(hdrs);
        c->release(h);
        ex.code = CURLE_OUT_OF_MEMORY;
        return;
    }

    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!c->ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "onedoor-plugin-sdk/" OD_SDK_VERSION);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &ex);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &ex);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ex.errbuf);
    if (post) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, post);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_len));
    } else {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
    ex.code = curl_easy_perform(h);
    if (ex.code == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &ex.status);
    curl_slist_free_all(hdrs);
    c->release(h);  // resets options: no pointer into this frame survives
}

std::string curl_reason(const Exchange &ex) {
    std::string msg = ex.errbuf[0] ? std::string(ex.errbuf) : std::string(curl_easy_strerror(ex.code));
    return sanitize(msg, 300);
}

std::string reference_from(const std::string &body) {
    if (body.empty()) return {};
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    if (ec || !v.is_object()) return {};
    for (const char *k : {"reference", "id"}) {
        const json::value *f = v.get_object().if_contains(k);
        if (!f) continue;
        if (f->is_string() && !f->get_string().empty()) return sanitize(f->get_string(), 127);
        if (f->is_int64()) return std::to_string(f->get_int64());
        if (f->is_uint64()) return std::to_string(f->get_uint64());
    }
    return {};
}

bool retryable_status(long s) { return s == 408 || s == 429 || (s >= 500 && s <= 599); }

}  // namespace

// =========================================================================================
extern "C" {

int32_t od_sdk_module_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void od_sdk_module_deinit(void) { curl_global_cleanup(); }

void od_sdk_free(void *p) { std::free(p); }

// ---- ABI struct access -------------------------------------------------------------------

#define OD_HAS(ptr, type, field) \
    ((ptr) && (ptr)->struct_size >= offsetof(type, field) + sizeof(((type *)0)->field))

void od_sdk_log(const od_plugin_host *host, int32_t level, const char *fmt, ...) {
    if (!OD_HAS(host, od_plugin_host, log) || !host->log) return;
    va_list ap;
    va_start(ap, fmt);
    std::string s = vformat(fmt, ap);
    va_end(ap);
    host->log(host->host_ctx, level, s.c_str());
}

const char *od_sdk_host_config(const od_plugin_host *host) {
    if (OD_HAS(host, od_plugin_host, config) && host->config) {
        const char *c = host->config(host->host_ctx);
        if (c) return c;
    }
    return "{}";
}

const char *od_sdk_host_unit(const od_plugin_host *host) {
    if (OD_HAS(host, od_plugin_host, unit) && host->unit) {
        const char *u = host->unit(host->host_ctx);
        if (u) return u;
    }
    return "";
}

int32_t od_sdk_host_report(const od_plugin_host *host, const char *feedback_json,
                           char *error_buf, uint32_t error_len) {
    if (!OD_HAS(host, od_plugin_host, report) || !host->report) {
        if (error_buf && error_len) copy_err(error_buf, error_len, "host has no report service");
        return -1;
    }
    return host->report(host->host_ctx, feedback_json, error_buf, error_len);
}

void od_sdk_job_read(const od_delivery_job *job, od_delivery_job *out) {
    if (!out) return;
    std::memset(out, 0, sizeof *out);
    if (job) {
        // only whole fields: a struct_size that ends inside a pointer must not leave
        // half a pointer behind
        size_t n = std::min<size_t>(job->struct_size, sizeof *out);
        const size_t ends[] = {offsetof(od_delivery_job, job_id), offsetof(od_delivery_job, kind),
                               offsetof(od_delivery_job, case_id), offsetof(od_delivery_job, item_id),
                               offsetof(od_delivery_job, unit), offsetof(od_delivery_job, body_json),
                               offsetof(od_delivery_job, attempt), offsetof(od_delivery_job, created_at_ms),
                               sizeof(od_delivery_job)};
        size_t whole = 0;
        for (size_t i = 0; i + 1 < sizeof ends / sizeof ends[0]; ++i)
            if (ends[i + 1] <= n) whole = ends[i + 1];
        std::memcpy(out, job, std::max(whole, std::min<size_t>(n, sizeof(uint32_t))));
    }
    out->struct_size = sizeof *out;
    const char **strs[] = {&out->job_id, &out->kind, &out->case_id, &out->item_id,
                           &out->unit, &out->body_json};
    for (const char **s : strs)
        if (!*s) *s = "";
}

static void set_outcome(od_delivery_result *r, int32_t outcome, int64_t retry_ms,
                        const char *reference, std::string_view reason) {
    if (!r) return;
    if (OD_HAS(r, od_delivery_result, outcome)) r->outcome = outcome;
    if (OD_HAS(r, od_delivery_result, retry_after_ms)) r->retry_after_ms = retry_ms;
    if (OD_HAS(r, od_delivery_result, reference))
        copy_utf8(r->reference, sizeof r->reference, reference ? reference : "");
    if (OD_HAS(r, od_delivery_result, reason)) copy_utf8(r->reason, sizeof r->reason, reason);
}

void od_sdk_result_delivered(od_delivery_result *result, const char *reference) {
    set_outcome(result, OD_DELIVERY_DELIVERED, 0, reference, "");
}

void od_sdk_result_retry(od_delivery_result *result, int64_t retry_after_ms, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::string s = vformat(fmt, ap);
    va_end(ap);
    set_outcome(result, OD_DELIVERY_RETRY, std::max<int64_t>(0, retry_after_ms), "", s);
}

void od_sdk_result_reject(od_delivery_result *result, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::string s = vformat(fmt, ap);
    va_end(ap);
    set_outcome(result, OD_DELIVERY_REJECTED, 0, "", s);
}

// ---- reading JSON ------------------------------------------------------------------------

od_sdk_json *od_sdk_json_parse(const char *text, size_t len, char *err, size_t err_len) {
    if (!text) {
        copy_err(err, err_len, "no text");
        return nullptr;
    }
    try {
        boost::system::error_code ec;
        json::value v = json::parse(json::string_view(text, len), ec);
        if (ec) {
            copy_err(err, err_len, "invalid JSON: " + ec.message());
            return nullptr;
        }
        return new od_sdk_json{std::move(v)};
    } catch (const std::exception &e) {
        copy_err(err, err_len, e.what());
        return nullptr;
    }
}

void od_sdk_json_free(od_sdk_json *doc) { delete doc; }

int od_sdk_json_exists(const od_sdk_json *doc, const char *pointer) {
    return doc && find(doc->root, pointer) ? 1 : 0;
}

const char *od_sdk_json_string(const od_sdk_json *doc, const char *pointer) {
    if (!doc) return nullptr;
    const json::value *v = find(doc->root, pointer);
    return v && v->is_string() ? v->get_string().c_str() : nullptr;
}

const char *od_sdk_json_string_or(const od_sdk_json *doc, const char *pointer, const char *fallback) {
    const char *s = od_sdk_json_string(doc, pointer);
    return s ? s : fallback;
}

int od_sdk_json_number(const od_sdk_json *doc, const char *pointer, double *out) {
    if (!doc) return 0;
    const json::value *v = find(doc->root, pointer);
    if (!v || !v->is_number()) return 0;
    if (out) *out = v->to_number<double>();
    return 1;
}

int od_sdk_json_int(const od_sdk_json *doc, const char *pointer, int64_t *out) {
    if (!doc) return 0;
    const json::value *v = find(doc->root, pointer);
    if (!v || !v->is_number()) return 0;
    boost::system::error_code ec;
    int64_t i = v->to_number<int64_t>(ec);
    if (ec) return 0;
    if (out) *out = i;
    return 1;
}

int od_sdk_json_bool(const od_sdk_json *doc, const char *pointer, int *out) {
    if (!doc) return 0;
    const json::value *v = find(doc->root, pointer);
    if (!v || !v->is_bool()) return 0;
    if (out) *out = v->get_bool() ? 1 : 0;
    return 1;
}

size_t od_sdk_json_size(const od_sdk_json *doc, const char *pointer) {
    if (!doc) return 0;
    const json::value *v = find(doc->root, pointer);
    if (!v) return 0;
    if (v->is_array()) return v->get_array().size();
    if (v->is_object()) return v->get_object().size();
    return 0;
}

char *od_sdk_json_dump(const od_sdk_json *doc, const char *pointer) {
    if (!doc) return nullptr;
    const json::value *v = find(doc->root, pointer);
    if (!v) return nullptr;
    std::string s = json::serialize(*v);
    char *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (!out) return nullptr;
    std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

// ---- writing JSON ------------------------------------------------------------------------

od_sdk_writer *od_sdk_writer_new(void) { return new (std::nothrow) od_sdk_writer(); }
void od_sdk_writer_free(od_sdk_writer *w) { delete w; }

#define OD_W_GUARD(w)                              \
    if (!(w)) return;                              \
    try {
#define OD_W_END(w)                                \
    }                                              \
    catch (const std::exception &e) { (w)->fail(e.what()); }

void od_sdk_w_begin_object(od_sdk_writer *w, const char *key) {
    OD_W_GUARD(w)
    if (json::value *v = w->add(key, json::object())) w->stack.push_back(v);
    OD_W_END(w)
}
void od_sdk_w_end_object(od_sdk_writer *w) {
    OD_W_GUARD(w) w->end(true); OD_W_END(w)
}
void od_sdk_w_begin_array(od_sdk_writer *w, const char *key) {
    OD_W_GUARD(w)
    if (json::value *v = w->add(key, json::array())) w->stack.push_back(v);
    OD_W_END(w)
}
void od_sdk_w_end_array(od_sdk_writer *w) {
    OD_W_GUARD(w) w->end(false); OD_W_END(w)
}
void od_sdk_w_string(od_sdk_writer *w, const char *key, const char *value) {
    OD_W_GUARD(w)
    if (!value) {
        w->add(key, nullptr);
    } else if (!utf8_valid(value)) {
        w->fail(std::string("value of \"") + (key ? sanitize(key, 64) : "") + "\" is not valid UTF-8");
    } else {
        w->add(key, json::string(value));
    }
    OD_W_END(w)
}
void od_sdk_w_int(od_sdk_writer *w, const char *key, int64_t value) {
    OD_W_GUARD(w) w->add(key, value); OD_W_END(w)
}
void od_sdk_w_number(od_sdk_writer *w, const char *key, double value) {
    OD_W_GUARD(w)
    if (!std::isfinite(value)) {
        w->fail("non-finite number");
    } else {
        json::value v = value;
        normalise_numbers(v);
        w->add(key, std::move(v));
    }
    OD_W_END(w)
}
void od_sdk_w_bool(od_sdk_writer *w, const char *key, int value) {
    OD_W_GUARD(w) w->add(key, value != 0); OD_W_END(w)
}
void od_sdk_w_null(od_sdk_writer *w, const char *key) {
    OD_W_GUARD(w) w->add(key, nullptr); OD_W_END(w)
}
void od_sdk_w_copy(od_sdk_writer *w, const char *key, const od_sdk_json *doc, const char *pointer) {
    OD_W_GUARD(w)
    const json::value *v = doc ? find(doc->root, pointer) : nullptr;
    json::value copy = v ? *v : json::value(nullptr);
    normalise_numbers(copy);
    w->add(key, std::move(copy));
    OD_W_END(w)
}

const char *od_sdk_writer_finish(od_sdk_writer *w, char *err, size_t err_len) {
    if (!w) {
        copy_err(err, err_len, "no writer");
        return nullptr;
    }
    if (w->error.empty() && (!w->has_root || !w->stack.empty()))
        w->fail(w->has_root ? "unclosed object or array" : "nothing written");
    if (!w->error.empty()) {
        copy_err(err, err_len, w->error);
        return nullptr;
    }
    try {
        w->out = json::serialize(w->root);
    } catch (const std::exception &e) {
        copy_err(err, err_len, e.what());
        return nullptr;
    }
    return w->out.c_str();
}

// ---- signing -------------------------------------------------------------------------------

int od_sdk_webhook_sign(const char *secret, const char *msg_id, int64_t timestamp,
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

// ---- client --------------------------------------------------------------------------------

od_sdk_client *od_sdk_client_create(const od_plugin_host *host, char *err, size_t err_len) {
    try {
        const char *text = od_sdk_host_config(host);
        char perr[256];
        od_sdk_json *cfg = od_sdk_json_parse(text, std::strlen(text), perr, sizeof perr);
        if (!cfg) {
            copy_err(err, err_len, std::string("plugin config: ") + perr);
            return nullptr;
        }
        std::unique_ptr<od_sdk_json> cfg_owner(cfg);
        if (!cfg->root.is_object()) {
            copy_err(err, err_len, "plugin config: not a JSON object");
            return nullptr;
        }
        auto c = std::make_unique<od_sdk_client>();
        c->host = host;
        c->config.root = std::move(cfg->root);
        const json::object &o = c->config.root.get_object();

        auto str = [&](const char *k, std::string &dst, bool required) -> bool {
            const json::value *v = o.if_contains(k);
            if (!v) {
                if (required) copy_err(err, err_len, std::string("plugin config: \"") + k + "\" is required");
                return !required;
            }
            if (!v->is_string() || v->get_string().empty()) {
                copy_err(err, err_len, std::string("plugin config: \"") + k + "\" must be a non-empty string");
                return false;
            }
            dst = std::string(v->get_string());
            return true;
        };
        auto num = [&](const char *k, long &dst, long lo, long hi) -> bool {
            const json::value *v = o.if_contains(k);
            if (!v) return true;
            boost::system::error_code ec;
            int64_t i = v->is_number() ? v->to_number<int64_t>(ec) : 0;
            if (!v->is_number() || ec || i < lo || i > hi) {
                copy_err(err, err_len, std::string("plugin config: \"") + k + "\" must be an integer in [" +
                                           std::to_string(lo) + ", " + std::to_string(hi) + "]");
                return false;
            }
            dst = static_cast<long>(i);
            return true;
        };

        // A credential is given inline ("secret"), or by reference so that it need not sit
        // in the district configuration: "secret_env" names an environment variable,
        // "secret_file" a file whose first line holds it. Exactly one of the three.
        auto credential = [&](const std::string &k, std::string &dst, bool required) -> bool {
            std::string inline_v, env_name, file_name;
            if (!str(k.c_str(), inline_v, false) || !str((k + "_env").c_str(), env_name, false) ||
                !str((k + "_file").c_str(), file_name, false))
                return false;
            int given = !inline_v.empty() + !env_name.empty() + !file_name.empty();
            if (given > 1) {
                copy_err(err, err_len, "plugin config: give one of \"" + k + "\", \"" + k + "_env\" and \"" + k + "_file\"");
                return false;
            }
            if (given == 0) {
                if (required) copy_err(err, err_len, "plugin config: \"" + k + "\" (or \"" + k + "_env\" or \"" + k + "_file\") is required");
                return !required;
            }
            if (!env_name.empty()) {
                const char *v = std::getenv(env_name.c_str());
                if (!v || !*v) {
                    copy_err(err, err_len, "plugin config: environment variable " + env_name + " (" + k + "_env) is not set");
                    return false;
                }
                dst = v;
            } else if (!file_name.empty()) {
                std::FILE *f = std::fopen(file_name.c_str(), "rb");
                char line[4096] = {0};
                bool ok = f && std::fgets(line, sizeof line, f);
                if (f) std::fclose(f);
                dst = line;
                while (!dst.empty() && (dst.back() == '\n' || dst.back() == '\r')) dst.pop_back();
                OPENSSL_cleanse(line, sizeof line);
                if (!ok || dst.empty()) {
                    copy_err(err, err_len, "plugin config: cannot read " + k + "_file " + file_name);
                    return false;
                }
            } else {
                dst = inline_v;
            }
            return true;
        };

        std::string secret, authorization;
        if (!str("url", c->url, true) || !credential("secret", secret, true) ||
            !credential("authorization", authorization, false) ||
            !str("poll_url", c->poll_url, false) || !str("ca_file", c->ca_file, false))
            return nullptr;
        if (!authorization.empty()) {
            // sent as the Authorization header, e.g. "Bearer <token>" from the department
            if (authorization.find_first_of("\r\n") != std::string::npos ||
                authorization.find('\0') != std::string::npos) {
                copy_err(err, err_len, "plugin config: the authorization credential contains a line break");
                return nullptr;
            }
            c->headers.push_back("Authorization: " + authorization);
            OPENSSL_cleanse(authorization.data(), authorization.size());
        }
        if (!http_url(c->url)) {
            copy_err(err, err_len, "plugin config: \"url\" must start with http:// or https://");
            return nullptr;
        }
        if (!c->poll_url.empty() && !http_url(c->poll_url)) {
            copy_err(err, err_len, "plugin config: \"poll_url\" must start with http:// or https://");
            return nullptr;
        }
        if (!secret_key(secret, c->key)) {
            copy_err(err, err_len, "plugin config: \"secret\" must be \"whsec_\" followed by base64");
            return nullptr;
        }
        OPENSSL_cleanse(secret.data(), secret.size());
        if (!c->hmac.init(c->key)) {
            copy_err(err, err_len, "cannot set up HMAC-SHA256 (OpenSSL)");
            return nullptr;
        }
        if (!num("timeout_ms", c->timeout_ms, 1, 3600 * 1000)) return nullptr;
        c->connect_timeout_ms = std::min(c->timeout_ms, 5000L);
        if (!num("connect_timeout_ms", c->connect_timeout_ms, 1, 3600 * 1000)) return nullptr;

        if (const json::value *h = o.if_contains("headers")) {
            if (!h->is_object()) {
                copy_err(err, err_len, "plugin config: \"headers\" must be an object of strings");
                return nullptr;
            }
            for (const auto &kv : h->get_object()) {
                std::string_view name = kv.key();
                bool bad_name = name.empty() ||
                                std::any_of(name.begin(), name.end(), [](char ch) {
                                    return ch <= ' ' || ch == ':' || ch == 0x7F;
                                });
                if (bad_name || !kv.value().is_string()) {
                    copy_err(err, err_len, "plugin config: header \"" + sanitize(name, 64) +
                                               "\" must be a token name with a string value");
                    return nullptr;
                }
                std::string_view val = kv.value().get_string();
                if (val.find_first_of("\r\n", 0) != std::string_view::npos ||
                    val.find('\0') != std::string_view::npos) {
                    copy_err(err, err_len, "plugin config: header \"" + std::string(name) +
                                               "\" contains a line break");
                    return nullptr;
                }
                if (ieq(name.substr(0, std::min<size_t>(8, name.size())), "webhook-") ||
                    ieq(name, "content-type") || ieq(name, "content-length") || ieq(name, "host") ||
                    (ieq(name, "authorization") && !authorization.empty())) {
                    copy_err(err, err_len, "plugin config: header \"" + std::string(name) + "\" is reserved");
                    return nullptr;
                }
                // an empty value would make curl drop the header: send it as "Name;" form
                c->headers.push_back(val.empty() ? std::string(name) + ";"
                                                 : std::string(name) + ": " + std::string(val));
            }
        }
        return c.release();
    } catch (const std::exception &e) {
        copy_err(err, err_len, std::string("plugin config: ") + e.what());
        return nullptr;
    }
}

void od_sdk_client_destroy(od_sdk_client *client) { delete client; }

const od_sdk_json *od_sdk_client_config(const od_sdk_client *client) {
    return client ? &client->config : nullptr;
}

const od_plugin_host *od_sdk_client_host(const od_sdk_client *client) {
    return client ? client->host : nullptr;
}

void od_sdk_client_post(od_sdk_client *c, const char *url, const od_delivery_job *job_in,
                        const char *payload, size_t payload_len, od_delivery_result *result) {
    try {
        if (!c) {
            od_sdk_result_retry(result, 0, "plugin instance missing");
            return;
        }
        od_delivery_job job;
        od_sdk_job_read(job_in, &job);
        if (!payload) {
            od_sdk_result_reject(result, "no payload");
            return;
        }
        // the id is what receivers drop repeats by, and it is signed: it must be there and
        // go into the header exactly as signed
        std::string_view id = job.job_id;
        if (id.empty() || id.size() > 256 ||
            std::any_of(id.begin(), id.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x21 || ch == 0x7F; })) {
            od_sdk_result_reject(result, "the job has no usable id (empty, too long or with control characters)");
            return;
        }
        if (url && !http_url(url)) {
            od_sdk_result_reject(result, "not an http(s) URL: %s", sanitize(url, 200).c_str());
            return;
        }
        const std::string target = url ? url : c->url;
        const int64_t ts = static_cast<int64_t>(std::time(nullptr));
        std::string sig = c->hmac.sign(job.job_id, ts, std::string_view(payload, payload_len));
        if (sig.empty()) {
            od_sdk_result_retry(result, 0, "signing failed");
            return;
        }
        std::vector<std::string> extra = {
            "Content-Type: application/json",
            "Accept: application/json",
            std::string("webhook-id: ") + std::string(id),
            "webhook-timestamp: " + std::to_string(ts),
            "webhook-signature: " + sig,
        };
        Exchange ex;
        perform(c, target, payload, payload_len, extra, ex);
        if (ex.code != CURLE_OK) {
            od_sdk_result_retry(result, 0, "transport error (curl %d): %s", static_cast<int>(ex.code),
                                curl_reason(ex).c_str());
            return;
        }
        const long s = ex.status;
        if (s >= 200 && s <= 299) {
            std::string ref = ex.truncated ? std::string() : reference_from(ex.body);
            if (ref.empty()) ref = job.job_id;
            od_sdk_result_delivered(result, ref.c_str());
            return;
        }
        std::string snippet = sanitize(ex.body, 200);
        if (retryable_status(s)) {
            int64_t ms = parse_retry_after(ex.retry_after);
            od_sdk_result_retry(result, ms, "HTTP %ld from the department%s%s", s,
                                snippet.empty() ? "" : ": ", snippet.c_str());
            return;
        }
        od_sdk_result_reject(result, "HTTP %ld from the department%s%s", s,
                             snippet.empty() ? "" : ": ", snippet.c_str());
    } catch (const std::exception &e) {
        od_sdk_result_retry(result, 0, "plugin error: %s", e.what());
    }
}

void od_sdk_client_deliver(od_sdk_client *c, const od_delivery_job *job_in, od_sdk_map_fn map,
                           void *user, od_delivery_result *result) {
    try {
        od_delivery_job job;
        od_sdk_job_read(job_in, &job);
        if (!map) {
            od_sdk_client_post(c, nullptr, &job, job.body_json, std::strlen(job.body_json), result);
            return;
        }
        char perr[256] = {0};
        std::unique_ptr<od_sdk_json> body(
            od_sdk_json_parse(job.body_json, std::strlen(job.body_json), perr, sizeof perr));
        if (!body || !body->root.is_object()) {
            od_sdk_result_reject(result, "job body is not a JSON object%s%s", perr[0] ? ": " : "", perr);
            return;
        }
        std::unique_ptr<od_sdk_writer> w(new od_sdk_writer());
        char reason[512] = {0};
        if (map(user, body.get(), &job, w.get(), reason, sizeof reason) != 0) {
            od_sdk_result_reject(result, "%s", reason[0] ? reason : "the plugin refused the job");
            return;
        }
        char werr[256] = {0};
        const char *payload = od_sdk_writer_finish(w.get(), werr, sizeof werr);
        if (!payload) {
            od_sdk_result_reject(result, "building the payload failed: %s", werr);
            return;
        }
        od_sdk_client_post(c, nullptr, &job, payload, std::strlen(payload), result);
    } catch (const std::exception &e) {
        od_sdk_result_retry(result, 0, "plugin error: %s", e.what());
    }
}

int32_t od_sdk_client_poll(od_sdk_client *c, od_sdk_poll_map_fn map, void *user) {
    if (!c) return -1;
    try {
        if (c->poll_url.empty()) return 0;  // nothing to poll: not an error
        Exchange ex;
        ex.cap = kMaxPollBytes;
        perform(c, c->poll_url, nullptr, 0, {"Accept: application/json"}, ex);
        if (ex.code != CURLE_OK) {
            od_sdk_log(c->host, OD_LOG_WARN, "poll: transport error (curl %d): %s",
                       static_cast<int>(ex.code), curl_reason(ex).c_str());
            return -1;
        }
        if (ex.status == 204) return 0;
        if (ex.status < 200 || ex.status > 299) {
            od_sdk_log(c->host, OD_LOG_WARN, "poll: HTTP %ld", ex.status);
            return -1;
        }
        if (ex.truncated) {
            od_sdk_log(c->host, OD_LOG_ERROR, "poll: response larger than %zu bytes", kMaxPollBytes);
            return -1;
        }
        if (trim(ex.body).empty()) return 0;
        boost::system::error_code ec;
        json::value v = json::parse(ex.body, ec);
        if (ec || !v.is_array()) {
            od_sdk_log(c->host, OD_LOG_WARN, "poll: response is not a JSON array");
            return -1;
        }
        int32_t reported = 0;
        size_t index = 0;
        for (auto &el : v.get_array()) {
            ++index;
            std::string doc;
            if (map) {
                od_sdk_json item{el};
                od_sdk_writer w;
                if (map(user, &item, &w) != 0) continue;
                char werr[256] = {0};
                const char *out = od_sdk_writer_finish(&w, werr, sizeof werr);
                if (!out) {
                    od_sdk_log(c->host, OD_LOG_WARN, "poll: result %zu: %s", index, werr);
                    continue;
                }
                doc = out;
            } else {
                if (!el.is_object()) {
                    od_sdk_log(c->host, OD_LOG_WARN, "poll: result %zu is not an object", index);
                    continue;
                }
                doc = json::serialize(el);
            }
            char rerr[512] = {0};
            int32_t rc = od_sdk_host_report(c->host, doc.c_str(), rerr, sizeof rerr);
            if (rc == 0) {
                ++reported;
            } else {
                od_sdk_log(c->host, OD_LOG_WARN, "poll: result %zu refused by host (%d): %s", index,
                           static_cast<int>(rc), rerr);
            }
        }
        return reported;
    } catch (const std::exception &e) {
        od_sdk_log(c->host, OD_LOG_ERROR, "poll: %s", e.what());
        return -1;
    }
}

}  // extern "C"
