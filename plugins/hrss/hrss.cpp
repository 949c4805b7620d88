// hrss - 人社 (human resources and social security). Employment assistance looks at the
// working-age people in the household: the payload lists every person (applicant first)
// with the age derived from the resident ID number and a working_age flag (16..59 at the
// date of the event), plus the hardship and the notice deadlines.
#include <onedoor/od_plugin_sdk.hpp>

#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// Age in whole years on date "YYYY-MM-DD..." for an 18-char resident ID; -1 if unknown.
int age_on(const char *id, const char *date) {
    if (!id || !date || std::strlen(id) != 18 || std::strlen(date) < 10) return -1;
    auto num = [](const char *s, int n) {
        int v = 0;
        for (int i = 0; i < n; ++i) {
            if (s[i] < '0' || s[i] > '9') return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    int by = num(id + 6, 4), bm = num(id + 10, 2), bd = num(id + 12, 2);
    int y = num(date, 4), m = num(date + 5, 2), d = num(date + 8, 2);
    if (by < 0 || bm < 0 || bd < 0 || y < 0 || m < 0 || d < 0) return -1;
    int age = y - by - ((m < bm || (m == bm && d < bd)) ? 1 : 0);
    return age >= 0 && age < 150 ? age : -1;
}

void person(od_sdk_writer *w, const od_sdk_json *b, const std::string &p, const char *relation,
            const char *date) {
    const char *id = od_sdk_json_string(b, (p + "/id_number").c_str());
    int age = age_on(id, date);
    od_sdk_w_begin_object(w, nullptr);
    od_sdk_w_string(w, "name", od_sdk_json_string(b, (p + "/name").c_str()));
    od_sdk_w_string(w, "id_number", id);
    od_sdk_w_string(w, "relation", relation ? relation : od_sdk_json_string(b, (p + "/relation").c_str()));
    if (age >= 0) od_sdk_w_int(w, "age", age); else od_sdk_w_null(w, "age");
    od_sdk_w_bool(w, "working_age", age >= 16 && age < 60);
    od_sdk_w_end_object(w);
}

int map_hrss(void *, const od_sdk_json *b, const od_delivery_job *job, od_sdk_writer *w,
             char *reason, size_t reason_len) {
    if (od_sdk_require_string(b, "/case/id", reason, reason_len)) return 1;
    const char *date = od_sdk_json_string_or(b, "/at", od_sdk_json_string(b, "/case/received_at"));
    od_sdk_w_begin_object(w, nullptr);
    od_sdk_w_envelope(w, b, job, "hrss");
    od_sdk_w_string(w, "category", od_sdk_json_string(b, "/item/category"));
    od_sdk_w_string(w, "category_name", od_sdk_json_string(b, "/item/category_name"));
    od_sdk_w_string(w, "phone", od_sdk_json_string(b, "/case/applicant/phone"));
    od_sdk_w_string(w, "hukou_town", od_sdk_json_string(b, "/case/applicant/hukou_town"));
    od_sdk_w_begin_array(w, "people");
    person(w, b, "/case/applicant", "self", date);
    for (size_t i = 0, n = od_sdk_json_size(b, "/case/household"); i < n; ++i)
        person(w, b, "/case/household/" + std::to_string(i), nullptr, date);
    od_sdk_w_end_array(w);
    od_sdk_w_string(w, "hardship", od_sdk_json_string(b, "/case/hardship"));
    od_sdk_w_string(w, "notice_number", od_sdk_json_string(b, "/notice/number"));
    od_sdk_w_string(w, "opinion_due", od_sdk_json_string(b, "/notice/opinion_due"));
    od_sdk_w_string(w, "complete_due", od_sdk_json_string(b, "/notice/complete_due"));
    od_sdk_w_kind_blocks(w, b);
    od_sdk_w_end_object(w);
    return 0;
}

}  // namespace

extern "C" OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry =
    od_sdk::basic_plugin<map_hrss>::entry("onedoor-hrss", "1.0.0");
