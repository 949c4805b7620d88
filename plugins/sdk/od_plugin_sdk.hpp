// od_plugin_sdk.hpp - C++ convenience over od_plugin_sdk.h for plugins whose instance is
// just an od_sdk_client. A plugin supplies a map function (job body -> department payload;
// nullptr posts the body unchanged) and declares:
//
//   extern "C" OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry =
//       od_sdk::basic_plugin<my_map>::entry("onedoor-civil", "1.0.0");
//
// The map function receives the instance's configuration object (const od_sdk_json *) as
// `user`, so plugin-specific settings live in the instance, never in statics.
#ifndef OD_PLUGIN_SDK_HPP
#define OD_PLUGIN_SDK_HPP

#include "od_plugin_sdk.h"

#include <cstdio>
#include <string>

namespace od_sdk {

template <od_sdk_map_fn Map, od_sdk_poll_map_fn PollMap = nullptr>
struct basic_plugin {
    static int32_t init(const char *) { return od_sdk_module_init(); }
    static void deinit() { od_sdk_module_deinit(); }

    static int32_t create(const od_plugin_host *host, void **out, char *err, uint32_t err_len) {
        od_sdk_client *c = od_sdk_client_create(host, err, err_len);
        if (!c) return 1;
        *out = c;
        return 0;
    }
    static void destroy(void *instance) { od_sdk_client_destroy(static_cast<od_sdk_client *>(instance)); }

    static void deliver(void *instance, const od_delivery_job *job, od_delivery_result *result) {
        auto *c = static_cast<od_sdk_client *>(instance);
        od_sdk_client_deliver(c, job, Map, const_cast<od_sdk_json *>(od_sdk_client_config(c)), result);
    }
    static int32_t poll(void *instance) {
        auto *c = static_cast<od_sdk_client *>(instance);
        return od_sdk_client_poll(c, PollMap, const_cast<od_sdk_json *>(od_sdk_client_config(c)));
    }

    static constexpr od_plugin_entry_t entry(const char *name, const char *version) {
        return od_plugin_entry_t{OD_PLUGIN_ABI_MAJOR, OD_PLUGIN_ABI_MINOR,
                                 static_cast<uint32_t>(sizeof(od_plugin_entry_t)),
                                 name, version, &init, &deinit, &create, &destroy, &deliver, &poll,
                                 nullptr /* get_extension (ABI 1.1) */};
    }
};

// Small helpers shared by the C++ plugins.

// Writes the fields every department payload starts with.
inline void write_envelope(od_sdk_writer *w, const od_sdk_json *b, const od_delivery_job *job,
                           const char *department) {
    od_sdk_w_string(w, "source", "onedoor");
    od_sdk_w_string(w, "department", department);
    od_sdk_w_string(w, "job_id", job->job_id);
    od_sdk_w_string(w, "kind", od_sdk_json_string_or(b, "/kind", job->kind));
    od_sdk_w_string(w, "district", od_sdk_json_string(b, "/district"));
    od_sdk_w_string(w, "at", od_sdk_json_string(b, "/at"));
    od_sdk_w_string(w, "case_id", od_sdk_json_string(b, "/case/id"));
    od_sdk_w_string(w, "item_id", od_sdk_json_string_or(b, "/item/id", job->item_id));
}

// Copies body[pointer] to key when it is present (nothing is written otherwise).
inline void copy_if(od_sdk_writer *w, const char *key, const od_sdk_json *b, const char *pointer) {
    if (od_sdk_json_exists(b, pointer)) od_sdk_w_copy(w, key, b, pointer);
}

// The kind-specific blocks of the body other than "notice" (docs/delivery.md): a major
// report, a decision request, the government's decision, a feedback, an emergency grant.
inline void copy_kind_blocks(od_sdk_writer *w, const od_sdk_json *b) {
    for (const char *k : {"report", "request", "decision", "feedback", "grant"})
        copy_if(w, k, b, (std::string("/") + k).c_str());
}

inline int require(const od_sdk_json *b, const char *pointer, char *reason, size_t len) {
    if (od_sdk_json_string(b, pointer)) return 0;
    std::snprintf(reason, len, "job body has no string at %s", pointer);
    return 1;
}

}  // namespace od_sdk

#endif
