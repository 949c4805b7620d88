// housing - 住建 (housing and urban-rural development). Housing assistance is assessed per
// dwelling: it wants the address, the household size and who lives there.
#include <onedoor/od_plugin_sdk.hpp>

namespace {

int map_housing(void *, const od_sdk_json *b, const od_delivery_job *job, od_sdk_writer *w,
                char *reason, size_t reason_len) {
    if (od_sdk_require_string(b, "/case/id", reason, reason_len)) return 1;
    const size_t members = od_sdk_json_size(b, "/case/household");
    od_sdk_w_begin_object(w, nullptr);
    od_sdk_w_envelope(w, b, job, "housing");
    od_sdk_w_string(w, "category", od_sdk_json_string(b, "/item/category"));
    od_sdk_w_string(w, "urgency", od_sdk_json_string_or(b, "/case/urgency", "normal"));
    od_sdk_w_begin_object(w, "applicant");
    od_sdk_w_string(w, "name", od_sdk_json_string(b, "/case/applicant/name"));
    od_sdk_w_string(w, "id_number", od_sdk_json_string(b, "/case/applicant/id_number"));
    od_sdk_w_string(w, "phone", od_sdk_json_string(b, "/case/applicant/phone"));
    od_sdk_w_end_object(w);
    od_sdk_w_string(w, "address", od_sdk_json_string(b, "/case/applicant/address"));
    od_sdk_w_string(w, "hukou_town", od_sdk_json_string(b, "/case/applicant/hukou_town"));
    od_sdk_w_int(w, "household_size", static_cast<int64_t>(members) + 1);  // + the applicant
    od_sdk_w_copy_if(w, "members", b, "/case/household");  // name, id_number, relation each
    od_sdk_w_string(w, "hardship", od_sdk_json_string(b, "/case/hardship"));
    od_sdk_w_string(w, "notice_number", od_sdk_json_string(b, "/notice/number"));
    od_sdk_w_string(w, "complete_due", od_sdk_json_string(b, "/notice/complete_due"));
    od_sdk_w_kind_blocks(w, b);
    od_sdk_w_end_object(w);
    return 0;
}

}  // namespace

extern "C" OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry =
    od_sdk::basic_plugin<map_housing>::entry("onedoor-housing", "1.0.0");
