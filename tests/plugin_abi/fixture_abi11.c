/* libod_test_abi11.so - an ABI 1.1 plugin that uses what 1.1 added: it refuses to start
 * unless the host names itself and offers OD_HOST_EXT_CLOCK (and answers NULL for an id
 * it does not know); it offers OD_PLUGIN_EXT_STATUS, reporting how often it was polled
 * and what it delivered. deliver() answers RETRY on a job's first attempt ("busy") and
 * DELIVERED after, so the engine's retry path (and its log line) runs. Plain C, no SDK. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onedoor/onedoor_plugin.h"

typedef struct abi11 {
    const od_plugin_host *host;
    const od_host_clock *clock;
    atomic_int polls;
    atomic_int delivered;
    atomic_int retried;
} abi11;

static int32_t a11_create(const od_plugin_host *host, void **out, char *err, uint32_t len) {
    if (!OD_HOST_HAS(host, get_extension) || !host->get_extension || !host->host_name || !host->host_version) {
        snprintf(err, len, "the host table has no ABI 1.1 fields (struct_size %u)", host->struct_size);
        return 1;
    }
    if (strcmp(host->host_name, "onedoor") != 0) {
        snprintf(err, len, "unexpected host name '%s'", host->host_name);
        return 1;
    }
    if (host->get_extension(host->host_ctx, "onedoor.no-such-extension/1") != NULL) {
        snprintf(err, len, "the host answered an unknown extension id");
        return 1;
    }
    const od_host_clock *clock = (const od_host_clock *)host->get_extension(host->host_ctx, OD_HOST_EXT_CLOCK);
    if (!clock || clock->struct_size < sizeof *clock || !clock->now_ms) {
        snprintf(err, len, "no clock extension");
        return 1;
    }
    abi11 *a = (abi11 *)calloc(1, sizeof *a);
    if (!a) return 1;
    a->host = host;
    a->clock = clock;
    char line[256];
    snprintf(line, sizeof line, "abi11 fixture ready on %s %s, clock at %lld", host->host_name, host->host_version,
             (long long)clock->now_ms(host->host_ctx));
    host->log(host->host_ctx, OD_LOG_INFO, line);
    *out = a;
    return 0;
}

static void a11_destroy(void *instance) { free(instance); }

static void a11_deliver(void *instance, const od_delivery_job *job, od_delivery_result *result) {
    abi11 *a = (abi11 *)instance;
    if (job->attempt <= 1) {
        atomic_fetch_add(&a->retried, 1);
        result->outcome = OD_DELIVERY_RETRY;
        snprintf(result->reason, sizeof result->reason, "busy (first attempt of %s)", job->job_id);
        return;
    }
    atomic_fetch_add(&a->delivered, 1);
    result->outcome = OD_DELIVERY_DELIVERED;
    snprintf(result->reference, sizeof result->reference, "abi11-%s", job->job_id);
}

static int32_t a11_poll(void *instance) {
    atomic_fetch_add(&((abi11 *)instance)->polls, 1);
    return 0;
}

static int32_t a11_status(void *instance, char *buf, uint32_t len) {
    abi11 *a = (abi11 *)instance;
    snprintf(buf, len, "{\"polls\":%d,\"delivered\":%d,\"retried\":%d,\"clock_ms\":%lld}", atomic_load(&a->polls),
             atomic_load(&a->delivered), atomic_load(&a->retried), (long long)a->clock->now_ms(a->host->host_ctx));
    return 0;
}

static const od_plugin_status a11_status_ext = {sizeof(od_plugin_status), a11_status};

static const void *a11_get_extension(const char *id) {
    return strcmp(id, OD_PLUGIN_EXT_STATUS) == 0 ? &a11_status_ext : NULL;
}

OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry = {
    OD_PLUGIN_ABI_MAJOR, OD_PLUGIN_ABI_MINOR, (uint32_t)sizeof(od_plugin_entry_t),
    "test-abi11", "1.1.0", NULL, NULL, a11_create, a11_destroy, a11_deliver, a11_poll, a11_get_extension,
};
