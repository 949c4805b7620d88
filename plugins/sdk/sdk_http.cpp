// sdk_http.cpp - one signed POST per job on a pooled libcurl handle, and the mapping of
// the department's answer onto delivered / retry (with Retry-After) / rejected.
#include "sdk_internal.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <memory>

// ---- the client's pool of easy handles ----------------------------------------------------

CURL *od_sdk_client::acquire() {
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

void od_sdk_client::release(CURL *h) {
    if (!h) return;
    curl_easy_reset(h);  // keeps live connections, DNS and TLS session caches
    {
        std::lock_guard<std::mutex> lk(mu);
        if (idle.size() < od_sdk_impl::kMaxIdleHandles) {
            idle.push_back(h);
            return;
        }
    }
    curl_easy_cleanup(h);
}

od_sdk_client::~od_sdk_client() {
    for (CURL *h : idle) curl_easy_cleanup(h);
    OPENSSL_cleanse(key.data(), key.size());
}

namespace od_sdk_impl {
namespace {

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

size_t on_body(char *p, size_t size, size_t n, void *ud) {
    auto *ex = static_cast<Exchange *>(ud);
    size_t len = size * n;
    size_t room = ex->cap > ex->body.size() ? ex->cap - ex->body.size() : 0;
    if (len > room) ex->truncated = true;
    ex->body.append(p, std::min(len, room));
    return len;  // keep reading (and discard) so the status still counts
}

// The last Retry-After of the final response (libcurl keeps the headers of each
// response; a 1xx before it is another request's).
std::string retry_after_of(CURL *h) {
    curl_header *hdr = nullptr;
    if (curl_easy_header(h, "Retry-After", 0, CURLH_HEADER, -1, &hdr) != CURLHE_OK) return {};
    if (hdr->amount > 1 && curl_easy_header(h, "Retry-After", hdr->amount - 1, CURLH_HEADER, -1, &hdr) != CURLHE_OK)
        return {};
    return std::string(trim(hdr->value));
}

}  // namespace

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
    curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &ex);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ex.errbuf);
    if (post) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, post);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_len));
    } else {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
    ex.code = curl_easy_perform(h);
    if (ex.code == CURLE_OK) {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &ex.status);
        ex.retry_after = retry_after_of(h);  // read before release() resets the handle
    }
    curl_slist_free_all(hdrs);
    c->release(h);  // resets options: no pointer into this frame survives
}

std::string curl_reason(const Exchange &ex) {
    std::string msg = ex.errbuf[0] ? std::string(ex.errbuf) : std::string(curl_easy_strerror(ex.code));
    return sanitize(msg, 300);
}

namespace {

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
}  // namespace od_sdk_impl

using namespace od_sdk_impl;

extern "C" {

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
        // go into the header exactly as signed (printable ASCII: a header value, and the
        // result's reference when the department gives none)
        std::string_view id = job.job_id;
        if (id.empty() || id.size() > 256 || std::any_of(id.begin(), id.end(), [](char ch) {
                return static_cast<unsigned char>(ch) < 0x21 || static_cast<unsigned char>(ch) > 0x7E;
            })) {
            od_sdk_result_reject(result, "the job has no usable id (empty, too long, or not printable ASCII)");
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

}  // extern "C"
