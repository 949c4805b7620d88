/*
 * sample_dept - the smallest useful department plugin, in C, built outside the onedoor
 * tree against an installed SDK (see README.md next to it). It posts each job to the
 * department's URL as {"department","job_id","kind","case_id","item_id","category",
 * "hardship"}, signed per Standard Webhooks, and lets the SDK map the HTTP answer.
 *
 * Configuration (district "plugins" entry):
 *   {"file": "libod_sample_dept.so",
 *    "config": {"url": "https://dept.example.gov.cn/onedoor", "secret_env": "DEPT_SECRET",
 *               "department": "sample"}}
 */
#include <stdio.h>
#include <stdlib.h>

#include <onedoor/od_plugin_sdk.h>

typedef struct sample_dept {
    od_sdk_client *client;
    const char *department; /* owned by the client's configuration */
} sample_dept;

static int32_t sample_init(const char *path) {
    (void)path;
    return od_sdk_module_init();
}

static void sample_deinit(void) { od_sdk_module_deinit(); }

static int32_t sample_create(const od_plugin_host *host, void **out, char *err, uint32_t err_len) {
    sample_dept *d = (sample_dept *)calloc(1, sizeof *d);
    if (!d) return 1;
    d->client = od_sdk_client_create(host, err, err_len);
    if (!d->client) {
        free(d);
        return 1;
    }
    d->department = od_sdk_json_string_or(od_sdk_client_config(d->client), "/department", "sample");
    od_sdk_log(host, OD_LOG_INFO, "sample department plugin ready for %s", od_sdk_host_unit(host));
    *out = d;
    return 0;
}

static void sample_destroy(void *instance) {
    sample_dept *d = (sample_dept *)instance;
    od_sdk_client_destroy(d->client);
    free(d);
}

static int sample_map(void *user, const od_sdk_json *body, const od_delivery_job *job, od_sdk_writer *w,
                      char *reason, size_t reason_len) {
    const sample_dept *d = (const sample_dept *)user;
    if (!od_sdk_json_string(body, "/case/id")) {
        snprintf(reason, reason_len, "job body has no /case/id");
        return 1;
    }
    od_sdk_w_begin_object(w, NULL);
    od_sdk_w_string(w, "department", d->department);
    od_sdk_w_string(w, "job_id", job->job_id);
    od_sdk_w_string(w, "kind", job->kind);
    od_sdk_w_string(w, "case_id", od_sdk_json_string(body, "/case/id"));
    od_sdk_w_string(w, "item_id", job->item_id);
    od_sdk_w_string(w, "category", od_sdk_json_string_or(body, "/item/category", ""));
    od_sdk_w_string(w, "hardship", od_sdk_json_string_or(body, "/case/hardship", ""));
    od_sdk_w_end_object(w);
    return 0;
}

static void sample_deliver(void *instance, const od_delivery_job *job, od_delivery_result *result) {
    sample_dept *d = (sample_dept *)instance;
    od_sdk_client_deliver(d->client, job, sample_map, d, result);
}

OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry = {
    OD_PLUGIN_ABI_MAJOR, OD_PLUGIN_ABI_MINOR, (uint32_t)sizeof(od_plugin_entry_t),
    "sample-dept", "1.0.0",
    sample_init, sample_deinit, sample_create, sample_destroy, sample_deliver,
    NULL, /* poll: results come back through the portal */
    NULL, /* get_extension: none */
};
