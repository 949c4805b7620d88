/* od_sdk_payload.c - the pieces every department payload shares (docs/delivery.md), as C
 * functions so that C and C++ plugins call the same code: the envelope, copying a block
 * only when the body has it, the kind-specific blocks, a required string. */
#include <stdio.h>

#include <onedoor/od_plugin_sdk.h>

void od_sdk_w_envelope(od_sdk_writer *w, const od_sdk_json *body, const od_delivery_job *job,
                       const char *department) {
    od_sdk_w_string(w, "source", "onedoor");
    od_sdk_w_string(w, "department", department);
    od_sdk_w_string(w, "job_id", job->job_id);
    od_sdk_w_string(w, "kind", od_sdk_json_string_or(body, "/kind", job->kind));
    od_sdk_w_string(w, "district", od_sdk_json_string(body, "/district"));
    od_sdk_w_string(w, "at", od_sdk_json_string(body, "/at"));
    od_sdk_w_string(w, "case_id", od_sdk_json_string(body, "/case/id"));
    od_sdk_w_string(w, "item_id", od_sdk_json_string_or(body, "/item/id", job->item_id));
}

void od_sdk_w_copy_if(od_sdk_writer *w, const char *key, const od_sdk_json *doc, const char *pointer) {
    if (od_sdk_json_exists(doc, pointer)) od_sdk_w_copy(w, key, doc, pointer);
}

void od_sdk_w_kind_blocks(od_sdk_writer *w, const od_sdk_json *body) {
    static const char *const kBlocks[][2] = {
        {"report", "/report"}, {"request", "/request"}, {"decision", "/decision"},
        {"feedback", "/feedback"}, {"grant", "/grant"},
    };
    for (size_t i = 0; i < sizeof kBlocks / sizeof kBlocks[0]; i++)
        od_sdk_w_copy_if(w, kBlocks[i][0], body, kBlocks[i][1]);
}

int od_sdk_require_string(const od_sdk_json *doc, const char *pointer, char *reason, size_t reason_len) {
    if (od_sdk_json_string(doc, pointer)) return 0;
    if (reason && reason_len) snprintf(reason, reason_len, "job body has no string at %s", pointer);
    return 1;
}
