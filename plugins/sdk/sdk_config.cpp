// sdk_config.cpp - the client's configuration (url, secret or a reference to it,
// authorization, timeouts, headers, ca_file, poll_url), checked once at create().
#include "sdk_internal.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace od_sdk_impl {

std::string url_problem(std::string_view u) {
    // curl_url() parses as libcurl will when it sends; a URL must be absolute (no guessed
    // scheme), http or https, with a host. Spaces and control characters are refused by
    // the parser (no CURLU_ALLOW_SPACE).
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> h(curl_url(), curl_url_cleanup);
    if (!h) return "out of memory";
    if (u.find('\0') != std::string_view::npos) return "it contains a NUL character";
    std::string text(u);
    CURLUcode rc = curl_url_set(h.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME);
    if (rc != CURLUE_OK) return curl_url_strerror(rc);
    char *scheme = nullptr;
    if (curl_url_get(h.get(), CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) return "it has no scheme";
    bool web = std::strcmp(scheme, "http") == 0 || std::strcmp(scheme, "https") == 0;
    curl_free(scheme);
    if (!web) return "the scheme is neither http nor https";
    char *host = nullptr;
    if (curl_url_get(h.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) return "it has no host";
    bool empty = host[0] == '\0';
    curl_free(host);
    return empty ? "it has no host" : "";
}

bool http_url(std::string_view u) { return url_problem(u).empty(); }

}  // namespace od_sdk_impl

using namespace od_sdk_impl;

extern "C" {

od_sdk_client *od_sdk_client_create(const od_plugin_host *host, char *err, size_t err_len) {
    try {
        const char *text = od_sdk_host_config(host);
        char perr[256];
        od_sdk_json *cfg = od_sdk_json_parse(text, std::strlen(text), perr, sizeof perr);
        if (!cfg) {
            copy_err(err, err_len, std::string("plugin config: ") + perr);
            return nullptr;
        }
        std::unique_ptr<od_sdk_json> cfg_owner(cfg);
        if (!cfg->root.is_object()) {
            copy_err(err, err_len, "plugin config: not a JSON object");
            return nullptr;
        }
        auto c = std::make_unique<od_sdk_client>();
        c->host = host;
        c->user_agent = std::string("onedoor-plugin-sdk/" OD_SDK_VERSION " ") + od_sdk_host_name(host);
        if (*od_sdk_host_version(host)) c->user_agent += std::string("/") + od_sdk_host_version(host);
        c->config.root = std::move(cfg->root);
        const json::object &o = c->config.root.get_object();

        auto str = [&](const char *k, std::string &dst, bool required) -> bool {
            const json::value *v = o.if_contains(k);
            if (!v) {
                if (required) copy_err(err, err_len, std::string("plugin config: \"") + k + "\" is required");
                return !required;
            }
            if (!v->is_string() || v->get_string().empty()) {
                copy_err(err, err_len, std::string("plugin config: \"") + k + "\" must be a non-empty string");
                return false;
            }
            dst = std::string(v->get_string());
            return true;
        };
        auto num = [&](const char *k, long &dst, long lo, long hi) -> bool {
            const json::value *v = o.if_contains(k);
            if (!v) return true;
            boost::system::error_code ec;
            int64_t i = v->is_number() ? v->to_number<int64_t>(ec) : 0;
            if (!v->is_number() || ec || i < lo || i > hi) {
                copy_err(err, err_len, std::string("plugin config: \"") + k + "\" must be an integer in [" +
                                           std::to_string(lo) + ", " + std::to_string(hi) + "]");
                return false;
            }
            dst = static_cast<long>(i);
            return true;
        };

        // A credential is given inline ("secret"), or by reference so that it need not sit
        // in the district configuration: "secret_env" names an environment variable,
        // "secret_file" a file whose first line holds it. Exactly one of the three.
        auto credential = [&](const std::string &k, std::string &dst, bool required) -> bool {
            std::string inline_v, env_name, file_name;
            if (!str(k.c_str(), inline_v, false) || !str((k + "_env").c_str(), env_name, false) ||
                !str((k + "_file").c_str(), file_name, false))
                return false;
            int given = !inline_v.empty() + !env_name.empty() + !file_name.empty();
            if (given > 1) {
                copy_err(err, err_len, "plugin config: give one of \"" + k + "\", \"" + k + "_env\" and \"" + k + "_file\"");
                return false;
            }
            if (given == 0) {
                if (required) copy_err(err, err_len, "plugin config: \"" + k + "\" (or \"" + k + "_env\" or \"" + k + "_file\") is required");
                return !required;
            }
            if (!env_name.empty()) {
                const char *v = std::getenv(env_name.c_str());
                if (!v || !*v) {
                    copy_err(err, err_len, "plugin config: environment variable " + env_name + " (" + k + "_env) is not set");
                    return false;
                }
                dst = v;
            } else if (!file_name.empty()) {
                std::FILE *f = std::fopen(file_name.c_str(), "rb");
                char line[4096] = {0};
                bool ok = f && std::fgets(line, sizeof line, f);
                if (f) std::fclose(f);
                dst = line;
                while (!dst.empty() && (dst.back() == '\n' || dst.back() == '\r')) dst.pop_back();
                OPENSSL_cleanse(line, sizeof line);
                if (!ok || dst.empty()) {
                    copy_err(err, err_len, "plugin config: cannot read " + k + "_file " + file_name);
                    return false;
                }
            } else {
                dst = inline_v;
            }
            return true;
        };

        std::string secret, authorization;
        if (!str("url", c->url, true) || !credential("secret", secret, true) ||
            !credential("authorization", authorization, false) ||
            !str("poll_url", c->poll_url, false) || !str("ca_file", c->ca_file, false))
            return nullptr;
        if (!authorization.empty()) {
            // sent as the Authorization header, e.g. "Bearer <token>" from the department
            if (authorization.find_first_of("\r\n") != std::string::npos ||
                authorization.find('\0') != std::string::npos) {
                copy_err(err, err_len, "plugin config: the authorization credential contains a line break");
                return nullptr;
            }
            c->headers.push_back("Authorization: " + authorization);
            OPENSSL_cleanse(authorization.data(), authorization.size());
        }
        for (auto [key, value] : {std::pair<const char *, const std::string *>{"url", &c->url}, {"poll_url", &c->poll_url}}) {
            if (value->empty() && std::strcmp(key, "poll_url") == 0) continue;  // optional
            std::string why = url_problem(*value);
            if (!why.empty()) {
                copy_err(err, err_len, std::string("plugin config: \"") + key +
                                           "\" must be an http:// or https:// URL with a host (" + why + ")");
                return nullptr;
            }
        }
        if (!secret_key(secret, c->key)) {
            copy_err(err, err_len, "plugin config: \"secret\" must be \"whsec_\" followed by base64");
            return nullptr;
        }
        OPENSSL_cleanse(secret.data(), secret.size());
        if (!c->hmac.init(c->key)) {
            copy_err(err, err_len, "cannot set up HMAC-SHA256 (OpenSSL)");
            return nullptr;
        }
        if (!num("timeout_ms", c->timeout_ms, 1, 3600 * 1000)) return nullptr;
        c->connect_timeout_ms = std::min(c->timeout_ms, 5000L);
        if (!num("connect_timeout_ms", c->connect_timeout_ms, 1, 3600 * 1000)) return nullptr;

        if (const json::value *h = o.if_contains("headers")) {
            if (!h->is_object()) {
                copy_err(err, err_len, "plugin config: \"headers\" must be an object of strings");
                return nullptr;
            }
            for (const auto &kv : h->get_object()) {
                std::string_view name = kv.key();
                bool bad_name = name.empty() ||
                                std::any_of(name.begin(), name.end(), [](char ch) {
                                    return ch <= ' ' || ch == ':' || ch == 0x7F;
                                });
                if (bad_name || !kv.value().is_string()) {
                    copy_err(err, err_len, "plugin config: header \"" + sanitize(name, 64) +
                                               "\" must be a token name with a string value");
                    return nullptr;
                }
                std::string_view val = kv.value().get_string();
                if (val.find_first_of("\r\n", 0) != std::string_view::npos ||
                    val.find('\0') != std::string_view::npos) {
                    copy_err(err, err_len, "plugin config: header \"" + std::string(name) +
                                               "\" contains a line break");
                    return nullptr;
                }
                if (ieq(name.substr(0, std::min<size_t>(8, name.size())), "webhook-") ||
                    ieq(name, "content-type") || ieq(name, "content-length") || ieq(name, "host") ||
                    (ieq(name, "authorization") && !authorization.empty())) {
                    copy_err(err, err_len, "plugin config: header \"" + std::string(name) + "\" is reserved");
                    return nullptr;
                }
                // an empty value would make curl drop the header: send it as "Name;" form
                c->headers.push_back(val.empty() ? std::string(name) + ";"
                                                 : std::string(name) + ": " + std::string(val));
            }
        }
        return c.release();
    } catch (const std::exception &e) {
        copy_err(err, err_len, std::string("plugin config: ") + e.what());
        return nullptr;
    }
}

void od_sdk_client_destroy(od_sdk_client *client) { delete client; }

const od_sdk_json *od_sdk_client_config(const od_sdk_client *client) {
    return client ? &client->config : nullptr;
}

const od_plugin_host *od_sdk_client_host(const od_sdk_client *client) {
    return client ? client->host : nullptr;
}

}  // extern "C"
