/*
 * onedoor_plugin.h - the ABI between onedoor and a department's handler plugin.
 *
 * A plugin is a shared object the engine loads with dlopen(RTLD_NOW | RTLD_LOCAL).
 * It exports exactly one symbol, OD_PLUGIN_ENTRY_SYMBOL ("od_plugin_entry"), a const
 * od_plugin_entry_t object. The host reads entry.abi_major before it touches anything
 * else and refuses a plugin whose major differs from OD_PLUGIN_ABI_MAJOR.
 *
 * Lifetimes (as in CLAP):
 *   module:   init() once after dlopen, deinit() once before dlclose;
 *   instance: create() per configured handling unit, destroy() when the engine closes.
 * A plugin keeps no static mutable state: everything lives in its instance.
 *
 * Structs that cross the boundary begin with uint32_t struct_size and only ever grow at
 * the end. A receiver reads min(struct_size, sizeof(its own struct)) bytes; fields past
 * what the other side sent are treated as zero / NULL. Optional function pointers that
 * a side does not provide are NULL, never garbage.
 *
 * The host owns durability, scheduling, backoff and dead letters. The plugin owns its
 * department's protocol (URL, authentication, payload shape) and says, for each job,
 * delivered / retry later / rejected for good. Plugins never link libonedoor.so: what
 * they need from the host comes in the od_plugin_host table.
 *
 * Growing (as in CLAP): new services and new plugin abilities come as extensions, asked
 * for by id with get_extension() on the host table and on the entry (ABI 1.1). An id
 * names a versioned struct of function pointers, "onedoor.<name>/<version>"; a side that
 * does not know an id answers NULL, and the asker carries on without it. A 1.0 plugin
 * (no get_extension, a smaller entry) loads and delivers exactly as before.
 *
 * Threads: each function below says which threads may call it. "Opening thread" is the
 * thread in od_open, "closing thread" the one in od_close; "any thread" includes several
 * at once.
 *
 * C99 and C++ clean.
 */
#ifndef ONEDOOR_PLUGIN_H
#define ONEDOOR_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OD_PLUGIN_ABI_MAJOR 1
#define OD_PLUGIN_ABI_MINOR 1
#define OD_PLUGIN_ENTRY_SYMBOL "od_plugin_entry"

/* Log levels for od_plugin_host.log */
#define OD_LOG_DEBUG 0
#define OD_LOG_INFO 1
#define OD_LOG_WARN 2
#define OD_LOG_ERROR 3

/* Outcomes of od_plugin_entry_t.deliver */
#define OD_DELIVERY_DELIVERED 0 /* the department's system has it; reference set */
#define OD_DELIVERY_RETRY 1     /* try again later; reason set, retry_after_ms optional */
#define OD_DELIVERY_REJECTED 2  /* the department refuses it for good; reason set */

/*
 * Services the host gives a plugin. Owned by the host; valid from create() until
 * destroy() returns. Every function may be called from any thread, also from inside
 * create(), deliver(), poll() and destroy().
 */
typedef struct od_plugin_host {
    uint32_t struct_size;  /* sizeof(od_plugin_host) as the host knows it */
    uint32_t abi_major;    /* OD_PLUGIN_ABI_MAJOR of the host */
    uint32_t abi_minor;    /* OD_PLUGIN_ABI_MINOR of the host */
    void *host_ctx;        /* pass back as the first argument of every service */

    /* Write a line to the engine's log at level OD_LOG_*. message is copied (UTF-8;
     * anything else is repaired). Any thread. */
    void (*log)(void *host_ctx, int32_t level, const char *message);

    /* Report an outcome the department's system decided, as a JSON document with the
     * same fields as the "feedback" operation's request, without "actor" (the host
     * fills it in as this plugin's handling unit):
     *   {"item_id":"...","outcome":"granted","amount":800,"signer":"...","seal":"...",
     *    "told_at":"2026-03-02T10:00:00+08:00","channel":"phone"}
     * The host records it in one transaction, exactly as a portal's feedback call.
     * Returns 0 when it was recorded; otherwise a status code of the C API (onedoor.h:
     * 1 invalid, 2 not found, 3 forbidden, 4 conflict, 5 archived, ...) and, when
     * error_buf is not NULL, a NUL-terminated error document of at most error_len bytes.
     * A department's system should keep offering a result until it sees it recorded
     * (a repeat of an answered item returns 4, conflict, and changes nothing).
     * Any thread, except from deliver() about the job being delivered. */
    int32_t (*report)(void *host_ctx, const char *feedback_json, char *error_buf,
                      uint32_t error_len);

    /* The plugin's configuration object from the district configuration, as JSON.
     * Owned by the host; valid until destroy() returns. Any thread. */
    const char *(*config)(void *host_ctx);

    /* The handling unit this instance serves, e.g. "dept.education". Owned by the host;
     * valid until destroy() returns. Any thread. */
    const char *(*unit)(void *host_ctx);

    /* ---- ABI 1.1: present when struct_size reaches them (check with OD_HOST_HAS) ---- */

    /* The host's name ("onedoor") and version ("1.0.0"), static; for the department's
     * logs and User-Agent. */
    const char *host_name;
    const char *host_version;

    /* The host's extension with this id (OD_HOST_EXT_*), or NULL when the host does not
     * offer it. The struct returned is owned by the host and valid until destroy()
     * returns; call its functions with host_ctx. Any thread. */
    const void *(*get_extension)(void *host_ctx, const char *id);
} od_plugin_host;

/* Whether the host table reaches `field` (an ABI 1.1 or later one), e.g.
 * if (OD_HOST_HAS(host, get_extension) && host->get_extension) ... */
#define OD_HOST_HAS(host, field) \
    ((host)->struct_size >= offsetof(od_plugin_host, field) + sizeof((host)->field))

/* Host extension "onedoor.clock/1": the engine's clock, which a test or a replay may set
 * (a manual clock). A plugin that stamps what it reports (told_at) uses it. */
#define OD_HOST_EXT_CLOCK "onedoor.clock/1"
typedef struct od_host_clock {
    uint32_t struct_size;
    /* Now, in Unix milliseconds, as the engine sees it. Any thread. */
    int64_t (*now_ms)(void *host_ctx);
} od_host_clock;

/*
 * One delivery job. Owned by the host; valid only during the deliver() call: copy what
 * you keep. The same job id and the same body are sent on every attempt, so the
 * receiver can drop repeats.
 */
typedef struct od_delivery_job {
    uint32_t struct_size;
    const char *job_id;     /* stable id, e.g. "job-000000042": use as webhook-id */
    const char *kind;       /* "notice", "report", "feedback", "decision_request", ... */
    const char *case_id;
    const char *item_id;    /* may be "" for case-level jobs */
    const char *unit;       /* destination handling unit */
    const char *body_json;  /* the event payload, a JSON object, UTF-8 */
    uint32_t attempt;       /* 1 on the first attempt */
    int64_t created_at_ms;  /* when the job was written, Unix ms */
} od_delivery_job;

/* What deliver() says. The host zeroes it and sets struct_size before the call. */
typedef struct od_delivery_result {
    uint32_t struct_size;
    int32_t outcome;         /* OD_DELIVERY_* */
    int64_t retry_after_ms;  /* with RETRY: wait at least this long (0: host's backoff) */
    char reference[128];     /* with DELIVERED: the department's reference, NUL-terminated */
    char reason[512];        /* with RETRY / REJECTED: why, NUL-terminated */
} od_delivery_result;

/*
 * The one exported object. Fields before "name" are frozen forever for every major.
 */
typedef struct od_plugin_entry_t {
    uint32_t abi_major;   /* must be OD_PLUGIN_ABI_MAJOR: checked before anything else */
    uint32_t abi_minor;   /* OD_PLUGIN_ABI_MINOR the plugin was built with */
    uint32_t struct_size; /* sizeof(od_plugin_entry_t) as the plugin knows it */
    const char *name;     /* e.g. "onedoor-education", static */
    const char *version;  /* the plugin's own version, static */

    /* Module lifetime. Called once, on the opening thread, after dlopen and before any
     * other function; path is the file loaded. Returns 0 on success. May be NULL. */
    int32_t (*init)(const char *path);
    /* Called once, on the closing thread, after every instance is destroyed and before
     * dlclose. May be NULL. */
    void (*deinit)(void);

    /* Instance lifetime. Make an instance for the handling unit host->unit() with its
     * configuration host->config(). On success store it in *out_instance and return 0;
     * on failure return non-zero and write a NUL-terminated reason into error_buf
     * (at most error_len bytes). host stays valid until destroy() returns.
     * Called on the engine's opening thread. */
    int32_t (*create)(const od_plugin_host *host, void **out_instance, char *error_buf,
                      uint32_t error_len);
    /* Destroy an instance. No deliver() or poll() on it is in flight or will follow.
     * Called on the engine's closing thread. */
    void (*destroy)(void *instance);

    /* Deliver one job to the department's system. Must fill result. May be called
     * concurrently from several delivery threads on the same instance: the plugin
     * protects what it shares. Must not call host->report for the same job.
     * Any delivery thread: a worker, or the thread running "delivery.run". */
    void (*deliver)(void *instance, const od_delivery_job *job, od_delivery_result *result);

    /* Optional (may be NULL): fetch outcomes the department decided in its own system
     * and pass each to host->report. Returns how many were reported, or -1 on error.
     * Called by one thread at a time per engine (never concurrently with itself), once
     * per delivery.poll_interval_ms for the whole engine: a delivery worker, or the thread
     * running the "plugins.poll" operation. May run concurrently with deliver(). */
    int32_t (*poll)(void *instance);

    /* ---- ABI 1.1 ---- */

    /* Optional (may be NULL): the plugin's extension with this id (OD_PLUGIN_EXT_*), or
     * NULL when it has none. The struct returned is static. Called after init(), from
     * any thread. */
    const void *(*get_extension)(const char *id);
} od_plugin_entry_t;

/* Plugin extension "onedoor.status/1": a plugin's own view of its health, shown by the
 * "engine.status" operation under plugins[].status. */
#define OD_PLUGIN_EXT_STATUS "onedoor.status/1"
typedef struct od_plugin_status {
    uint32_t struct_size;
    /* Write a JSON object (UTF-8, NUL-terminated, at most len bytes) describing this
     * instance, e.g. {"delivered":12,"last_error":"..."}; return 0, or non-zero when
     * there is nothing to say. Any thread, concurrently with deliver() and poll(). */
    int32_t (*status)(void *instance, char *buf, uint32_t len);
} od_plugin_status;

/* How a plugin declares its entry (in C++ the extern "C" matters: a namespace-scope
 * const object otherwise has internal linkage and nothing is exported):
 *   C:    OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry = {...};
 *   C++:  extern "C" OD_PLUGIN_EXPORT const od_plugin_entry_t od_plugin_entry = {...}; */
#if defined(__GNUC__)
#define OD_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define OD_PLUGIN_EXPORT
#endif

#ifdef __cplusplus
}
#endif

#endif /* ONEDOOR_PLUGIN_H */
