// sdk_poll.cpp - fetch the department's results from poll_url and report each one.
#include "sdk_internal.h"

#include <cmath>
#include <functional>

using namespace od_sdk_impl;

// The GET already consumed a result the host cannot take: it goes to the log whole (as
// far as JSON can say it; bounded) at ERROR, so an officer can enter it by hand.
static void lost_poll_result(od_sdk_client *c, size_t index, const json::value &el, const char *why) {
    std::function<void(json::value &)> mark = [&](json::value &v) {
        if (v.is_double() && !std::isfinite(v.get_double())) v = "(number out of range)";
        else if (v.is_array()) for (auto &e : v.get_array()) mark(e);
        else if (v.is_object()) for (auto &kv : v.get_object()) mark(kv.value());
    };
    json::value shown = el;
    mark(shown);
    std::string text = json::serialize(shown);
    if (text.size() > 4096) text = sanitize(text.substr(0, 4096).c_str(), 4096) + "...";
    od_sdk_log(c->host, OD_LOG_ERROR, "poll: result %zu cannot be reported (%s) and is not kept: %s", index, why,
               text.c_str());
}

extern "C" int32_t od_sdk_client_poll(od_sdk_client *c, od_sdk_poll_map_fn map, void *user) {
    if (!c) return -1;
    try {
        if (c->poll_url.empty()) return 0;  // nothing to poll: not an error
        Exchange ex;
        ex.cap = kMaxPollBytes;
        perform(c, c->poll_url, nullptr, 0, {"Accept: application/json"}, ex);
        if (ex.code != CURLE_OK) {
            od_sdk_log(c->host, OD_LOG_WARN, "poll: transport error (curl %d): %s",
                       static_cast<int>(ex.code), curl_reason(ex).c_str());
            return -1;
        }
        if (ex.status == 204) return 0;
        if (ex.status < 200 || ex.status > 299) {
            od_sdk_log(c->host, OD_LOG_WARN, "poll: HTTP %ld", ex.status);
            return -1;
        }
        if (ex.truncated) {
            od_sdk_log(c->host, OD_LOG_ERROR, "poll: response larger than %zu bytes", kMaxPollBytes);
            return -1;
        }
        if (trim(ex.body).empty()) return 0;
        boost::system::error_code ec;
        json::value v = json::parse(ex.body, ec);
        if (ec || !v.is_array()) {
            od_sdk_log(c->host, OD_LOG_WARN, "poll: response is not a JSON array");
            return -1;
        }
        int32_t reported = 0;
        size_t index = 0;
        for (auto &el : v.get_array()) {
            ++index;
            std::string doc;
            if (map) {
                od_sdk_json item{el};
                od_sdk_writer w;
                if (map(user, &item, &w) != 0) continue;
                char werr[256] = {0};
                const char *out = od_sdk_writer_finish(&w, werr, sizeof werr);
                if (!out) {
                    lost_poll_result(c, index, el, werr);
                    continue;
                }
                doc = out;
            } else {
                json::value copy = el;
                if (!copy.is_object() || !normalise_numbers(copy)) {
                    lost_poll_result(c, index, el,
                                     copy.is_object() ? "a number out of range" : "not an object");
                    continue;
                }
                doc = json::serialize(copy);
            }
            char rerr[512] = {0};
            int32_t rc = od_sdk_host_report(c->host, doc.c_str(), rerr, sizeof rerr);
            if (rc == 0) {
                ++reported;
            } else {
                od_sdk_log(c->host, OD_LOG_WARN, "poll: result %zu refused by host (%d): %s", index,
                           static_cast<int>(rc), rerr);
            }
        }
        return reported;
    } catch (const std::exception &e) {
        od_sdk_log(c->host, OD_LOG_ERROR, "poll: %s", e.what());
        return -1;
    }
}
