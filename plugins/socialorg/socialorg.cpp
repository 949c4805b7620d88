// socialorg - 社会组织 referral. A social organisation gets a de-identified help request:
// masked name and ID number, no phone or address; contact goes through the window that
// received the case; feedback is due when the engine's notice says (answer_due), else in
// 3 working days from the event.
//
// Plugin-specific config (optional):
//   "window_phones": {"town.gulou": "0635-8888001"}   window -> phone the organisation calls
//   "holidays": ["2026-04-06"], "workdays": ["2026-04-26"]   public holidays / adjusted
//                working weekends, for the working-day count (weekends otherwise skipped)
#include <onedoor/od_plugin_sdk.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

std::string mask_name(const char *name) {
    if (!name || !*name) return "";
    std::string out;
    size_t chars = 0;
    for (const char *p = name; *p; ++p)
        if ((static_cast<unsigned char>(*p) & 0xC0) != 0x80) {
            if (chars == 0) {
                const char *e = p + 1;
                while (*e && (static_cast<unsigned char>(*e) & 0xC0) == 0x80) ++e;
                out.assign(p, e);
            } else {
                out += '*';
            }
            ++chars;
        }
    return chars == 1 ? "*" : out;
}

std::string mask_id(const char *id) {
    if (!id) return "";
    size_t n = std::strlen(id);
    if (n != 18) return std::string(n, '*');
    return std::string(id, 6) + std::string(8, '*') + std::string(id + 14, 4);
}

bool in_list(const od_sdk_json *cfg, const char *key, const char *date) {
    std::string base = std::string("/") + key + "/";
    for (size_t i = 0, n = od_sdk_json_size(cfg, (std::string("/") + key).c_str()); i < n; ++i) {
        const char *d = od_sdk_json_string(cfg, (base + std::to_string(i)).c_str());
        if (d && std::strcmp(d, date) == 0) return true;
    }
    return false;
}

// The n-th working day after date "YYYY-MM-DD..."; "" when the date is unreadable.
std::string add_working_days(const od_sdk_json *cfg, const char *date, int n) {
    using namespace std::chrono;
    int y = 0;
    unsigned m = 0, d = 0;
    if (!date || std::sscanf(date, "%4d-%2u-%2u", &y, &m, &d) != 3) return "";
    year_month_day ymd{year{y}, month{m}, day{d}};
    if (!ymd.ok()) return "";
    sys_days day_ = sys_days{ymd};
    char buf[16];
    while (n > 0) {
        day_ += days{1};
        year_month_day cur{day_};
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(cur.year()),
                      static_cast<unsigned>(cur.month()), static_cast<unsigned>(cur.day()));
        weekday wd{day_};
        bool weekend = wd == Saturday || wd == Sunday;
        bool working = in_list(cfg, "workdays", buf) || (!weekend && !in_list(cfg, "holidays", buf));
        if (working) --n;
    }
    return buf;
}

// The hardship is free text a window wrote: phone numbers, ID numbers or bank accounts
// in it would reach the organisation. Runs of six or more digits (with an ID number's
// trailing X) are masked; names and addresses in free text cannot be found reliably, so
// windows are told not to write them there (README).
std::string scrub_numbers(const char *text) {
    std::string s = text ? text : "";
    for (size_t i = 0; i < s.size();) {
        size_t j = i;
        while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
        if (j < s.size() && j - i == 17 && (s[j] == 'X' || s[j] == 'x')) ++j;
        if (j - i >= 6) s.replace(i, j - i, j - i, '*');
        i = j > i ? j : i + 1;
    }
    return s;
}

int map_socialorg(void *user, const od_sdk_json *b, const od_delivery_job *job, od_sdk_writer *w,
                  char *reason, size_t reason_len) {
    const auto *cfg = static_cast<const od_sdk_json *>(user);
    if (od_sdk_require_string(b, "/case/id", reason, reason_len)) return 1;
    const char *window = od_sdk_json_string(b, "/case/window");
    const char *at = od_sdk_json_string_or(b, "/at", od_sdk_json_string(b, "/case/received_at"));
    // The engine states the deadline with the district's calendar; the local count
    // (weekends and configured holidays) is only a fallback for older hosts.
    const char *engine_due = od_sdk_json_string(b, "/notice/answer_due");
    std::string due = engine_due ? std::string(engine_due) : add_working_days(cfg, at, 3);
    std::string phone_ptr = "/window_phones/";
    for (const char *p = window ? window : ""; *p; ++p) {  // RFC 6901 escaping of the key
        if (*p == '~') phone_ptr += "~0"; else if (*p == '/') phone_ptr += "~1"; else phone_ptr += *p;
    }

    od_sdk_w_begin_object(w, nullptr);
    od_sdk_w_string(w, "source", "onedoor");
    od_sdk_w_string(w, "department", "socialorg");
    od_sdk_w_string(w, "job_id", job->job_id);
    od_sdk_w_string(w, "kind", od_sdk_json_string_or(b, "/kind", job->kind));
    od_sdk_w_string(w, "district", od_sdk_json_string(b, "/district"));
    od_sdk_w_string(w, "case_ref", od_sdk_json_string(b, "/case/id"));
    od_sdk_w_string(w, "item_id", od_sdk_json_string_or(b, "/item/id", job->item_id));
    od_sdk_w_string(w, "category_name", od_sdk_json_string(b, "/item/category_name"));
    od_sdk_w_string(w, "urgency", od_sdk_json_string_or(b, "/case/urgency", "normal"));
    od_sdk_w_begin_object(w, "applicant");
    od_sdk_w_string(w, "name", mask_name(od_sdk_json_string(b, "/case/applicant/name")).c_str());
    od_sdk_w_string(w, "id_number", mask_id(od_sdk_json_string(b, "/case/applicant/id_number")).c_str());
    od_sdk_w_string(w, "hukou_town", od_sdk_json_string(b, "/case/applicant/hukou_town"));
    od_sdk_w_end_object(w);
    od_sdk_w_int(w, "household_size", static_cast<int64_t>(od_sdk_json_size(b, "/case/household")) + 1);
    od_sdk_w_string(w, "hardship", scrub_numbers(od_sdk_json_string(b, "/case/hardship")).c_str());
    od_sdk_w_begin_object(w, "contact");
    od_sdk_w_string(w, "via", "window");
    od_sdk_w_string(w, "window", window);
    od_sdk_w_string(w, "phone", window ? od_sdk_json_string(cfg, phone_ptr.c_str()) : nullptr);
    od_sdk_w_end_object(w);
    od_sdk_w_int(w, "feedback_working_days", 3);
    od_sdk_w_string(w, "feedback_due", due.empty() ? nullptr : due.c_str());
    od_sdk_w_string(w, "notice_number", od_sdk_json_string(b, "/notice/number"));
    od_sdk_w_copy_if(w, "decision", b, "/decision");
    od_sdk_w_end_object(w);
    return 0;
}

}  // namespace

extern "C" OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry =
    od_sdk::basic_plugin<map_socialorg>::entry("onedoor-socialorg", "1.0.0");
