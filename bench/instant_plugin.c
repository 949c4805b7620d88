/* libod_bench_instant.so - a department plugin for benchmarks: the department's system
 * takes every job at once (no network), so the outbox fills and drains as in real use
 * while the benchmark measures the engine, not HTTP. Plain C, no SDK. */
#include <stdio.h>

#include "onedoor/onedoor_plugin.h"

static int32_t in_create(const od_plugin_host *host, void **out, char *err, uint32_t len) {
    (void)host;
    (void)err;
    (void)len;
    static int instance;
    *out = &instance;
    return 0;
}

static void in_destroy(void *instance) { (void)instance; }

static void in_deliver(void *instance, const od_delivery_job *job, od_delivery_result *r) {
    (void)instance;
    r->outcome = OD_DELIVERY_DELIVERED;
    snprintf(r->reference, sizeof r->reference, "BENCH-%s", job->job_id);
}

OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry = {
    OD_PLUGIN_ABI_MAJOR, OD_PLUGIN_ABI_MINOR, (uint32_t)sizeof(od_plugin_entry_t),
    "onedoor-bench-instant", "1.0.0",
    NULL, NULL, in_create, in_destroy, in_deliver, NULL,
};
