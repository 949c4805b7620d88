/*
 * education - 教育 (education assistance), written in plain C11 against the plugin ABI and
 * the C SDK header, to keep both honest. The bureau wants the applicant, the household
 * (to find the pupils and students), the hardship and the notice with its deadlines.
 *
 * The instance owns everything: no static mutable state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <onedoor/od_plugin_sdk.h>

typedef struct education_instance {
    const od_plugin_host *host;
    od_sdk_client *client;
} education_instance;

static int32_t education_init(const char *path) {
    (void)path;
    return od_sdk_module_init();
}

static void education_deinit(void) { od_sdk_module_deinit(); }

static int32_t education_create(const od_plugin_host *host, void **out_instance,
                                char *error_buf, uint32_t error_len) {
    education_instance *inst = (education_instance *)calloc(1, sizeof *inst);
    if (!inst) {
        if (error_buf && error_len) snprintf(error_buf, error_len, "out of memory");
        return 1;
    }
    inst->host = host;
    inst->client = od_sdk_client_create(host, error_buf, error_len);
    if (!inst->client) {
        free(inst);
        return 1;
    }
    od_sdk_log(host, OD_LOG_INFO, "education plugin ready for %s", od_sdk_host_unit(host));
    *out_instance = inst;
    return 0;
}

static void education_destroy(void *instance) {
    education_instance *inst = (education_instance *)instance;
    if (!inst) return;
    od_sdk_client_destroy(inst->client);
    free(inst);
}

static int education_map(void *user, const od_sdk_json *b, const od_delivery_job *job,
                         od_sdk_writer *w, char *reason, size_t reason_len) {
    (void)user;
    if (od_sdk_require_string(b, "/case/id", reason, reason_len)) return 1;
    od_sdk_w_begin_object(w, NULL);
    od_sdk_w_envelope(w, b, job, "education");
    od_sdk_w_string(w, "category", od_sdk_json_string(b, "/item/category"));
    od_sdk_w_string(w, "category_name", od_sdk_json_string(b, "/item/category_name"));
    od_sdk_w_string(w, "urgency", od_sdk_json_string_or(b, "/case/urgency", "normal"));
    od_sdk_w_begin_object(w, "applicant");
    od_sdk_w_string(w, "name", od_sdk_json_string(b, "/case/applicant/name"));
    od_sdk_w_string(w, "id_number", od_sdk_json_string(b, "/case/applicant/id_number"));
    od_sdk_w_string(w, "phone", od_sdk_json_string(b, "/case/applicant/phone"));
    od_sdk_w_string(w, "address", od_sdk_json_string(b, "/case/applicant/address"));
    od_sdk_w_end_object(w);
    /* members as the engine sends them: name, id_number, relation (to find the pupils) */
    od_sdk_w_copy_if(w, "household", b, "/case/household");
    od_sdk_w_string(w, "hardship", od_sdk_json_string(b, "/case/hardship"));
    od_sdk_w_begin_object(w, "notice");
    od_sdk_w_string(w, "number", od_sdk_json_string(b, "/notice/number"));
    od_sdk_w_string(w, "type", od_sdk_json_string(b, "/notice/type"));
    od_sdk_w_string(w, "opinion_due", od_sdk_json_string(b, "/notice/opinion_due"));
    od_sdk_w_string(w, "complete_due", od_sdk_json_string(b, "/notice/complete_due"));
    od_sdk_w_end_object(w);
    od_sdk_w_kind_blocks(w, b);
    od_sdk_w_end_object(w);
    return 0;
}

static void education_deliver(void *instance, const od_delivery_job *job,
                              od_delivery_result *result) {
    education_instance *inst = (education_instance *)instance;
    od_sdk_client_deliver(inst->client, job, education_map, inst, result);
}

static int32_t education_poll(void *instance) {
    education_instance *inst = (education_instance *)instance;
    return od_sdk_client_poll(inst->client, NULL, NULL);
}

OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry = {
    OD_PLUGIN_ABI_MAJOR,
    OD_PLUGIN_ABI_MINOR,
    (uint32_t)sizeof(od_plugin_entry_t),
    "onedoor-education",
    "1.0.0",
    education_init,
    education_deinit,
    education_create,
    education_destroy,
    education_deliver,
    education_poll,
    NULL, /* get_extension (ABI 1.1): none */
};
