/* libod_test_abi10.so - a plugin as a department wrote it against ABI 1.0, built with the
 * frozen 1.0 header (abi_1_0/onedoor/onedoor_plugin.h): a smaller entry without
 * get_extension, a host table it reads only up to unit(). It "delivers" by appending
 * "<job id> <unit> <kind>" to the file named by its config's "out" and answers
 * DELIVERED with reference "ref-<job id>". Plain C, no SDK. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onedoor/onedoor_plugin.h"

#if OD_PLUGIN_ABI_MINOR != 0
#error "this fixture must be built against the frozen ABI 1.0 header"
#endif

typedef struct abi10 {
    char out[480];
} abi10;

static int32_t a10_create(const od_plugin_host *host, void **out, char *err, uint32_t len) {
    const char *cfg = host->config(host->host_ctx);
    const char *p = strstr(cfg, "\"out\":\"");
    if (!p) {
        snprintf(err, len, "config needs \"out\"");
        return 1;
    }
    p += strlen("\"out\":\"");
    const char *end = strchr(p, '"');
    abi10 *a = (abi10 *)calloc(1, sizeof *a);
    if (!a || !end || (size_t)(end - p) >= sizeof a->out) {
        free(a);
        snprintf(err, len, "bad \"out\"");
        return 1;
    }
    memcpy(a->out, p, (size_t)(end - p));
    host->log(host->host_ctx, OD_LOG_INFO, "abi10 fixture ready");
    *out = a;
    return 0;
}

static void a10_destroy(void *instance) { free(instance); }

static void a10_deliver(void *instance, const od_delivery_job *job, od_delivery_result *result) {
    abi10 *a = (abi10 *)instance;
    FILE *f = fopen(a->out, "a");
    if (!f) {
        result->outcome = OD_DELIVERY_RETRY;
        snprintf(result->reason, sizeof result->reason, "cannot open %s", a->out);
        return;
    }
    fprintf(f, "%s %s %s\n", job->job_id, job->unit, job->kind);
    fclose(f);
    result->outcome = OD_DELIVERY_DELIVERED;
    snprintf(result->reference, sizeof result->reference, "ref-%s", job->job_id);
}

OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry = {
    OD_PLUGIN_ABI_MAJOR, OD_PLUGIN_ABI_MINOR, (uint32_t)sizeof(od_plugin_entry_t),
    "test-abi10", "1.0.0", NULL, NULL, a10_create, a10_destroy, a10_deliver, NULL,
};
