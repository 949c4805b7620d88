/*
 * onedoor.h - the public C API of onedoor, the one-door intake and collaborative
 * handling engine for social assistance (一门受理、协同办理).
 *
 * This header is the whole surface a portal sees. It is C99 and C++ clean.
 *
 * Shape of the API (learned from SQLite and libcurl):
 *   - one opaque handle, od_engine, made by od_open and destroyed by od_close;
 *   - every operation goes through od_call(engine, "operation", request_json, &response):
 *     the request and the response are UTF-8 JSON documents, so adding an operation or
 *     a field never changes the ABI;
 *   - every fallible function returns an int32_t status, OD_OK (0) on success; codes are
 *     never renumbered and callers must tolerate codes they do not know;
 *   - on failure the response is an error document:
 *       {"error":{"status":3,"code":"FORBIDDEN","message":"...","field":"case_id"}}
 *     where "field" is the JSON path of the offending request field (absent when the
 *     error is not about one field);
 *   - everything the library hands back is freed with od_free; inputs are copied;
 *   - no C++ exception and no abort() on bad input ever crosses this boundary.
 *
 * Text: every char * in and out of this library is UTF-8, NUL-terminated. A request or
 * configuration that is not valid UTF-8 is refused whole and changes nothing: od_call
 * returns OD_ERR_INVALID (od_open: OD_ERR_CONFIG) and "field" names the first string or
 * key that is not UTF-8; an operation name that is not UTF-8 is OD_ERR_UNKNOWN_OP.
 * Responses are always valid UTF-8 (text a plugin hands back is repaired with U+FFFD).
 * The library cannot see a wrong encoding that is still valid UTF-8: a binding that
 * lets its platform's default charset turn 王明华 into "???" before the call stores
 * "???". Bindings encode to and decode from UTF-8 explicitly (see examples/).
 *
 * FFI (PHP, Python, Java, Go ...): onedoor_ffi.h, installed next to this header, is this
 * header preprocessed (no macros, no attributes, no includes), with the status codes as
 * an enum and PHP's FFI_SCOPE "onedoor" / FFI_LIB "libonedoor.so.1". Each od_call
 * response is a char * that must go back to od_free: declare it as a pointer (ctypes
 * c_void_p, JNA PointerByReference), never as an auto-converted string, or it leaks.
 *
 * The operations, their request fields and their responses are listed in
 * docs/api.md (generated from the declarations; also the "operations" operation).
 *
 * Threads: every function in this header may be called from any thread. An od_engine
 * may be shared between threads; calls on one engine are serialised internally where
 * they must be. od_close must not race with other calls on the same engine.
 */
#ifndef ONEDOOR_H
#define ONEDOOR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* OD_API marks the exported functions. Define it before including this header to
 * override it, e.g. -DOD_API= for an FFI preprocessor run (onedoor_ffi.h, shipped next
 * to this header, is that run already done). */
#ifndef OD_API
#if defined(_WIN32)
#define OD_API __declspec(dllimport)
#elif defined(__GNUC__)
#define OD_API __attribute__((visibility("default")))
#else
#define OD_API
#endif
#endif

/* ---- Version ------------------------------------------------------------------ */

/* The version this header belongs to. The ABI major is OD_VERSION_MAJOR and is also
 * the SONAME suffix (libonedoor.so.1). */
#define OD_VERSION_MAJOR 1
#define OD_VERSION_MINOR 0
#define OD_VERSION_PATCH 0
#define OD_VERSION_STRING "1.0.0"
/* major * 1000000 + minor * 1000 + patch */
#define OD_VERSION_NUMBER 1000000

/* The version of the library actually loaded, as text ("1.0.0"). Static storage: never
 * free it. Any thread. */
OD_API const char *od_version(void);

/* The version of the library actually loaded, as OD_VERSION_NUMBER. Compare with the
 * macro to detect a header/library mismatch. Any thread. */
OD_API int32_t od_version_number(void);

/* ---- Status codes --------------------------------------------------------------- */

#define OD_OK 0
#define OD_ERR_INVALID 1     /* the request is malformed or a field is wrong; see "field" */
#define OD_ERR_NOT_FOUND 2   /* the case, item, notice or job named does not exist */
#define OD_ERR_FORBIDDEN 3   /* the actor may not see or do this */
#define OD_ERR_CONFLICT 4    /* illegal in the current state (e.g. feedback before routing) */
#define OD_ERR_ARCHIVED 5    /* the case is archived and immutable */
#define OD_ERR_TOO_LARGE 6   /* a document or a string exceeds its limit */
#define OD_ERR_CONFIG 7      /* the configuration given to od_open is wrong */
#define OD_ERR_STORAGE 8     /* the database failed; nothing was changed */
#define OD_ERR_NOMEM 9       /* out of memory; nothing was changed */
#define OD_ERR_MISUSE 10     /* a NULL handle or pointer where one is required */
#define OD_ERR_UNKNOWN_OP 11 /* od_call was given an operation name it does not know */
#define OD_ERR_INTERNAL 12   /* a bug in onedoor; nothing was changed; please report it */

/* The name of a status code ("OK", "INVALID", "FORBIDDEN", ...), or "UNKNOWN" for a
 * code this library does not know. Static storage: never free it. Any thread. */
OD_API const char *od_status_name(int32_t status);

/* ---- Engine --------------------------------------------------------------------- */

typedef struct od_engine od_engine;

/*
 * Open an engine from a JSON configuration document (README, "Configuration reference"):
 *
 *   {"database": "/var/lib/onedoor/district.db",
 *    "district_file": "config/dongchangfu.json",      (or "district": {...} inline)
 *    "clock": "system" | "manual",                     (manual: tests move time)
 *    "delivery": {"workers": 2, ...}}                  (0 workers: portal drives delivery)
 *
 * The database file is created if missing and migrated forward if older.
 * Department plugins named in the district are loaded; a plugin that fails to load is
 * disabled (see operation "engine.status") and the engine still opens.
 *
 * On OD_OK, *out_engine is a new engine owned by the caller (release with od_close)
 * and *out_error is set to NULL. On failure *out_engine is NULL and, if out_error is
 * not NULL, *out_error receives an error document naming the bad field, owned by the
 * caller (release with od_free). config_json is copied; the caller keeps it.
 * Any thread.
 */
OD_API int32_t od_open(const char *config_json, od_engine **out_engine, char **out_error);

/*
 * Stop the delivery workers (a job in flight finishes and is recorded first), unload
 * the plugins and close the database. Accepts NULL. Must not race with another call on
 * the same engine; after it returns the handle is invalid.
 */
OD_API void od_close(od_engine *engine);

/*
 * Run one operation. operation is a name such as "intake"; request_json is a UTF-8 JSON
 * object (NULL means "{}"). Each call that changes anything is one transaction: when it
 * returns OD_OK the change is durable (it survives a crash of the process), and when it
 * returns anything else nothing was changed.
 *
 * *out_response always receives a document owned by the caller (release with od_free):
 * the operation's result on OD_OK, an error document otherwise. out_response may be
 * NULL when the caller only wants the status; it is then left untouched.
 *
 * Every request that reads or changes cases names its actor:
 *   "actor": {"officer": "O-0001", "unit": "town.gulou", "role": "officer"}
 * roles: "officer" (window staff), "handler" (case handler at a handling unit),
 * "head" (head of a unit), "supervisor" (district-window supervisor: overrides).
 *
 * The operations, their fields and their responses: docs/api.md, generated from the
 * declarations; the operation "operations" returns each with a JSON Schema of its
 * request. A field an operation does not declare is OD_ERR_INVALID naming it.
 *
 * Any thread; may be called concurrently on the same engine.
 */
OD_API int32_t od_call(od_engine *engine, const char *operation, const char *request_json,
                       char **out_response);

/* Free anything this library returned (responses, error documents). Accepts NULL.
 * Any thread. */
OD_API void od_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* ONEDOOR_H */
