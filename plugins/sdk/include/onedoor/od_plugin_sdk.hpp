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

}  // namespace od_sdk

#endif
