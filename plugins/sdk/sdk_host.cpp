// sdk_host.cpp - the ABI structs, read and written only as far as their struct_size
// reaches: module init, the host's services, a job, a result.
#include "sdk_internal.h"

#include <algorithm>
#include <cstring>

using namespace od_sdk_impl;

extern "C" {

int32_t od_sdk_module_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void od_sdk_module_deinit(void) { curl_global_cleanup(); }


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

const void *od_sdk_host_extension(const od_plugin_host *host, const char *id) {
    if (!id || !OD_HAS(host, od_plugin_host, get_extension) || !host->get_extension) return nullptr;
    return host->get_extension(host->host_ctx, id);
}

const char *od_sdk_host_name(const od_plugin_host *host) {
    return OD_HAS(host, od_plugin_host, host_name) && host->host_name ? host->host_name : "onedoor";
}

const char *od_sdk_host_version(const od_plugin_host *host) {
    return OD_HAS(host, od_plugin_host, host_version) && host->host_version ? host->host_version : "";
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

}  // extern "C"
