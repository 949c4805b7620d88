// webhook - generic HTTP JSON webhook, configured entirely by the plugin config (url,
// secret, headers, timeouts, poll_url). Posts the job body unchanged, signed.
#include <onedoor/od_plugin_sdk.hpp>

extern "C" OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry =
    od_sdk::basic_plugin<nullptr>::entry("onedoor-webhook", "1.0.0");
