/*
 * od_plugin_sdk.h - helpers for writing onedoor department plugins (C99 and C++ clean).
 *
 * Link the static library `od_plugin_sdk` into your plugin module. It gives you:
 *
 *   - module init/deinit (curl_global_init / cleanup, reference counted by libcurl);
 *   - safe access to the host table and job struct across struct_size versions;
 *   - a read-only JSON document with JSON-pointer look-ups (od_sdk_json_*);
 *   - a JSON writer that escapes everything and refuses invalid UTF-8 (od_sdk_writer_*);
 *   - a client (od_sdk_client_*) that reads the plugin configuration, keeps a pool of
 *     libcurl handles, posts a payload signed per Standard Webhooks, maps the HTTP
 *     outcome onto od_delivery_result, and polls a results URL into host->report.
 *
 * Ownership
 *   Every od_sdk_*_new / _parse / _create result is owned by the caller and freed with the
 *   matching _free / _destroy. Strings returned as `const char *` are owned by the object
 *   they came from and live as long as it does (unless noted). Strings returned as
 *   `char *` are heap copies the caller frees with od_sdk_free().
 *
 * Threads
 *   od_sdk_json documents are immutable after parsing: any number of threads may read one.
 *   An od_sdk_writer is used by one thread at a time. An od_sdk_client is thread-safe:
 *   od_sdk_client_post / _deliver / _poll may run concurrently on the same client (the
 *   handle pool is mutex-protected; each call uses its own CURL easy handle, and idle
 *   handles keep their connections for reuse). _create / _destroy are not concurrent
 *   with anything else on that client.
 *
 * Configuration object read by od_sdk_client_create (from host->config()):
 *   url                 string, required, http:// or https://  - where payloads are POSTed
 *   secret              string, "whsec_" + base64 key (Standard Webhooks); required, or
 *                       by reference so it need not sit in the district configuration:
 *   secret_env          name of an environment variable holding the secret, or
 *   secret_file         a file whose first line holds it (exactly one of the three)
 *   authorization       optional credential sent as the Authorization header (e.g.
 *                       "Bearer <token>"); also as authorization_env / authorization_file
 *   timeout_ms          integer, default 10000                 - whole request
 *   connect_timeout_ms  integer, default min(timeout_ms, 5000)
 *   headers             object of string values, optional      - extra request headers;
 *                       names starting with "webhook-", Content-Type, Content-Length and
 *                       Host are reserved; CR/LF in names or values is refused
 *   ca_file             string, optional                       - CA bundle for TLS
 *   poll_url            string, optional, http(s)              - GET for od_sdk_client_poll
 *   Other keys are left to the plugin: read them with od_sdk_client_config().
 *
 * HTTP outcome mapping (od_sdk_client_post / _deliver)
 *   2xx               DELIVERED. reference = the response's top-level "reference", else
 *                     "id" (string or integer), when the body is a JSON object; otherwise
 *                     (empty, not JSON, no such field) the job id. A 2xx with an
 *                     unparseable body IS delivered: the status code decides, the body
 *                     only supplies the reference.
 *   408, 429, 5xx     RETRY, retry_after_ms from Retry-After (delta-seconds or HTTP-date),
 *                     capped at 24 h; 0 when absent.
 *   transport errors  RETRY (timeouts, refused/reset connections, DNS, TLS failures,
 *                     malformed HTTP responses) - retry_after_ms 0.
 *   any other status  REJECTED (other 4xx; also 1xx/3xx, which we never follow: POST
 *                     redirects are a configuration error the operator must fix).
 *   TLS peers are always verified (CURLOPT_SSL_VERIFYPEER=1, VERIFYHOST=2); there is no
 *   switch to turn that off.
 */
#ifndef OD_PLUGIN_SDK_H
#define OD_PLUGIN_SDK_H

#include <stddef.h>
#include <stdint.h>

#include "onedoor/onedoor_plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OD_SDK_VERSION "1.0.0"

/* ---- module lifetime --------------------------------------------------------------- */

/* Call from entry.init: initialises libcurl (curl_global_init; libcurl counts calls, so
 * the host or other plugins initialising it too is fine). Returns 0 on success. Module
 * init runs on the loading thread before any other thread can use this module. */
int32_t od_sdk_module_init(void);
/* Call from entry.deinit (after every instance is destroyed). */
void od_sdk_module_deinit(void);

/* Free a `char *` returned by the SDK. NULL is fine. */
void od_sdk_free(void *p);

/* ---- safe access to ABI structs ------------------------------------------------------ */

/* Log through host->log (if the host provides it) with printf formatting. */
void od_sdk_log(const od_plugin_host *host, int32_t level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* host->config() or "{}" ; host->unit() or "" - honouring host->struct_size. */
const char *od_sdk_host_config(const od_plugin_host *host);
const char *od_sdk_host_unit(const od_plugin_host *host);
/* host->report(); returns an OD_* status, or -1 when the host has no report service. */
int32_t od_sdk_host_report(const od_plugin_host *host, const char *feedback_json,
                           char *error_buf, uint32_t error_len);
/* host->get_extension(id) (ABI 1.1), or NULL when the host is older or does not offer
 * that extension; e.g. (const od_host_clock *)od_sdk_host_extension(host, OD_HOST_EXT_CLOCK). */
const void *od_sdk_host_extension(const od_plugin_host *host, const char *id);
/* host->host_name / host_version (ABI 1.1), or "onedoor" / "" from an older host. */
const char *od_sdk_host_name(const od_plugin_host *host);
const char *od_sdk_host_version(const od_plugin_host *host);

/* Copy the fields of *job the host actually sent (per job->struct_size) into *out; the
 * rest are zero, and NULL string pointers become "". out->struct_size = sizeof(*out). */
void od_sdk_job_read(const od_delivery_job *job, od_delivery_job *out);

/* Fill a result, writing only the fields that fit in result->struct_size. Text is
 * truncated at a UTF-8 character boundary to fit the field. */
void od_sdk_result_delivered(od_delivery_result *result, const char *reference);
void od_sdk_result_retry(od_delivery_result *result, int64_t retry_after_ms,
                         const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void od_sdk_result_reject(od_delivery_result *result, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- reading JSON ------------------------------------------------------------------ */

typedef struct od_sdk_json od_sdk_json;

/* Parse a JSON text (UTF-8). NULL on error, with a message in err (may be NULL). */
od_sdk_json *od_sdk_json_parse(const char *text, size_t len, char *err, size_t err_len);
void od_sdk_json_free(od_sdk_json *doc);

/* Look-ups by JSON pointer (RFC 6901): "" is the whole document, "/case/applicant/name",
 * "/case/household/0/name"; "~1" is "/", "~0" is "~". */
int od_sdk_json_exists(const od_sdk_json *doc, const char *pointer);
/* The string at pointer, owned by doc; NULL when absent or not a string. */
const char *od_sdk_json_string(const od_sdk_json *doc, const char *pointer);
/* Same, but returns fallback instead of NULL. */
const char *od_sdk_json_string_or(const od_sdk_json *doc, const char *pointer,
                                  const char *fallback);
/* Numbers: return 1 and store the value when the pointer names a number (an integer for
 * _int: a double with no fraction that fits is accepted), else return 0. */
int od_sdk_json_number(const od_sdk_json *doc, const char *pointer, double *out);
int od_sdk_json_int(const od_sdk_json *doc, const char *pointer, int64_t *out);
int od_sdk_json_bool(const od_sdk_json *doc, const char *pointer, int *out);
/* Element count of the array (or member count of the object) at pointer; 0 otherwise. */
size_t od_sdk_json_size(const od_sdk_json *doc, const char *pointer);
/* Serialise the value at pointer (compact JSON); NULL when absent or when it holds a
 * number out of double range (JSON has no Infinity). Free with od_sdk_free. */
char *od_sdk_json_dump(const od_sdk_json *doc, const char *pointer);

/* ---- writing JSON ------------------------------------------------------------------ */

/*
 * A builder for one JSON value. Inside an object every call takes a key; at the top
 * level and inside arrays pass key = NULL. Misuse (a key missing/extra, unbalanced
 * end_*, invalid UTF-8, a non-finite number) makes the writer fail: later calls do
 * nothing and od_sdk_writer_finish returns NULL with the first error in the message.
 *
 *   od_sdk_writer *w = od_sdk_writer_new();
 *   od_sdk_w_begin_object(w, NULL);
 *     od_sdk_w_string(w, "name", od_sdk_json_string(body, "/case/applicant/name"));
 *     od_sdk_w_copy(w, "household", body, "/case/household");
 *   od_sdk_w_end_object(w);
 *   const char *payload = od_sdk_writer_finish(w, err, sizeof err);
 *   ...                      (payload owned by w)
 *   od_sdk_writer_free(w);
 */
typedef struct od_sdk_writer od_sdk_writer;

od_sdk_writer *od_sdk_writer_new(void);
void od_sdk_writer_free(od_sdk_writer *w);
void od_sdk_w_begin_object(od_sdk_writer *w, const char *key);
void od_sdk_w_end_object(od_sdk_writer *w);
void od_sdk_w_begin_array(od_sdk_writer *w, const char *key);
void od_sdk_w_end_array(od_sdk_writer *w);
/* value NULL writes null. */
void od_sdk_w_string(od_sdk_writer *w, const char *key, const char *value);
void od_sdk_w_int(od_sdk_writer *w, const char *key, int64_t value);
void od_sdk_w_number(od_sdk_writer *w, const char *key, double value);
void od_sdk_w_bool(od_sdk_writer *w, const char *key, int value);
void od_sdk_w_null(od_sdk_writer *w, const char *key);
/* Copy the value at pointer in doc (deep copy); writes null when absent. A number out of
 * double range inside it (1e400) makes the writer fail, as a non-finite number does. */
void od_sdk_w_copy(od_sdk_writer *w, const char *key, const od_sdk_json *doc,
                   const char *pointer);
/* Compact JSON text of the finished value, owned by w (valid until the next call on w);
 * NULL if the value is incomplete or an error occurred (message in err, may be NULL). */
const char *od_sdk_writer_finish(od_sdk_writer *w, char *err, size_t err_len);

/* ---- department payloads ----------------------------------------------------------- */

/* The fields every department payload starts with (docs/delivery.md): source, department,
 * job_id, kind, district, at, case_id, item_id. */
void od_sdk_w_envelope(od_sdk_writer *w, const od_sdk_json *body, const od_delivery_job *job,
                       const char *department);
/* Copy doc[pointer] to key only when it is present (nothing is written otherwise). */
void od_sdk_w_copy_if(od_sdk_writer *w, const char *key, const od_sdk_json *doc, const char *pointer);
/* The kind-specific blocks of a job body other than "notice", those present: report,
 * request, decision, feedback, grant. */
void od_sdk_w_kind_blocks(od_sdk_writer *w, const od_sdk_json *body);
/* 0 when doc[pointer] is a string; else 1 with "job body has no string at <pointer>" in
 * reason (for a map function to reject the job). */
int od_sdk_require_string(const od_sdk_json *doc, const char *pointer, char *reason, size_t reason_len);

/* ---- signing ----------------------------------------------------------------------- */

/* Standard Webhooks signature "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>" with
 * key = base64-decode(secret without "whsec_"). Writes a NUL-terminated string into out
 * (64 bytes are always enough). Returns 0, or -1 on a bad secret / small buffer. */
int od_sdk_webhook_sign(const char *secret, const char *msg_id, int64_t timestamp,
                        const char *body, size_t body_len, char *out, size_t out_len);

/* ---- the HTTP client ----------------------------------------------------------------- */

typedef struct od_sdk_client od_sdk_client;

/* Read and check the configuration (host->config()), set up the handle pool. NULL on
 * error with a reason in err. Keeps `host` (it outlives the instance per the ABI). */
od_sdk_client *od_sdk_client_create(const od_plugin_host *host, char *err, size_t err_len);
void od_sdk_client_destroy(od_sdk_client *client);

/* The whole configuration object (for plugin-specific keys). Owned by the client. */
const od_sdk_json *od_sdk_client_config(const od_sdk_client *client);
const od_plugin_host *od_sdk_client_host(const od_sdk_client *client);

/* POST payload to url (NULL: the configured url), signed with webhook-id = job->job_id,
 * and fill result by the mapping above. Thread-safe. */
void od_sdk_client_post(od_sdk_client *client, const char *url, const od_delivery_job *job,
                        const char *payload, size_t payload_len, od_delivery_result *result);

/*
 * Build the department payload from the job body and post it. The body is parsed (a
 * body that is not a JSON object is REJECTED: the same body comes on every attempt), then
 * map(user, body, job, writer, reason, reason_len) fills the empty writer. map returns 0
 * to post what it wrote; non-zero to REJECT with `reason` (e.g. a required field is
 * missing). map = NULL posts the body unchanged.
 */
typedef int (*od_sdk_map_fn)(void *user, const od_sdk_json *body, const od_delivery_job *job,
                             od_sdk_writer *out, char *reason, size_t reason_len);
void od_sdk_client_deliver(od_sdk_client *client, const od_delivery_job *job,
                           od_sdk_map_fn map, void *user, od_delivery_result *result);

/*
 * GET the configured poll_url; the response must be a JSON array of objects (a 204 or an
 * empty body counts as []). For each element, map(user, element, writer) may rewrite it
 * into the feedback document (return 0 to report the writer's value, non-zero to skip the
 * element); map = NULL reports the element as it came. Each document goes to
 * host->report. Returns how many reports the host accepted (0 when no poll_url is
 * configured), or -1 if the request failed, the status was not 2xx or the body was not a
 * JSON array. A report the host refuses is logged and not counted (and, since the GET
 * already consumed it, is not fetched again: departments that need at-least-once must
 * re-offer results until they see them as feedback).
 */
typedef int (*od_sdk_poll_map_fn)(void *user, const od_sdk_json *element, od_sdk_writer *out);
int32_t od_sdk_client_poll(od_sdk_client *client, od_sdk_poll_map_fn map, void *user);

#ifdef __cplusplus
}
#endif

#endif /* OD_PLUGIN_SDK_H */
