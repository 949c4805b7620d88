// civil - 民政 (civil affairs). The bureau's intake wants the assistance category, the
// applicant and household, the hardship, and the transfer notice with its deadlines.
#include <onedoor/od_plugin_sdk.hpp>

namespace {

int map_civil(void *, const od_sdk_json *b, const od_delivery_job *job, od_sdk_writer *w,
              char *reason, size_t reason_len) {
    if (od_sdk_require_string(b, "/case/id", reason, reason_len)) return 1;
    od_sdk_w_begin_object(w, nullptr);
    od_sdk_w_envelope(w, b, job, "civil");
    od_sdk_w_string(w, "category", od_sdk_json_string(b, "/item/category"));
    od_sdk_w_string(w, "category_name", od_sdk_json_string(b, "/item/category_name"));
    od_sdk_w_string(w, "urgency", od_sdk_json_string_or(b, "/case/urgency", "normal"));
    od_sdk_w_string(w, "channel", od_sdk_json_string(b, "/case/channel"));
    od_sdk_w_string(w, "window", od_sdk_json_string(b, "/case/window"));
    od_sdk_w_string(w, "received_at", od_sdk_json_string(b, "/case/received_at"));
    od_sdk_w_copy(w, "applicant", b, "/case/applicant");
    if (od_sdk_json_exists(b, "/case/household")) od_sdk_w_copy(w, "household", b, "/case/household");
    else { od_sdk_w_begin_array(w, "household"); od_sdk_w_end_array(w); }
    od_sdk_w_string(w, "hardship", od_sdk_json_string(b, "/case/hardship"));
    od_sdk_w_string(w, "notice_number", od_sdk_json_string(b, "/notice/number"));
    od_sdk_w_begin_object(w, "deadlines");
    od_sdk_w_string(w, "opinion_due", od_sdk_json_string(b, "/notice/opinion_due"));
    od_sdk_w_string(w, "complete_due", od_sdk_json_string(b, "/notice/complete_due"));
    od_sdk_w_string(w, "paperwork_due", od_sdk_json_string(b, "/grant/paperwork_due"));
    od_sdk_w_end_object(w);
    od_sdk_w_copy_if(w, "notice", b, "/notice");
    od_sdk_w_kind_blocks(w, b);
    od_sdk_w_end_object(w);
    return 0;
}

}  // namespace

extern "C" OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry =
    od_sdk::basic_plugin<map_civil>::entry("onedoor-civil", "1.0.0");
