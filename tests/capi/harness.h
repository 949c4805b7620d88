/* A tiny test harness for the C API tests: counted checks that print file/line and
 * the last response on failure, a fresh engine per test on a temp SQLite file with a
 * manual clock, request helpers and a JSON path reader (jansson). */
#ifndef OD_CAPI_HARNESS_H
#define OD_CAPI_HARNESS_H

#include <jansson.h>
#include <stddef.h>
#include <onedoor/onedoor.h>

#ifndef ONEDOOR_SOURCE_DIR
#error "ONEDOOR_SOURCE_DIR must be defined"
#endif

#define SAMPLE_DISTRICT ONEDOOR_SOURCE_DIR "/config/dongchangfu.json"
#define T0 "2026-03-02T09:00:00+08:00" /* Monday */

/* ---- checks ------------------------------------------------------------------------ */
extern int g_passed, g_failed;
void check_(int ok, const char *expr, const char *file, int line);
void check_status_(int got, int want, const char *expr, const char *file, int line);
void check_str_(const char *got, const char *want, const char *expr, const char *file, int line);
void check_int_(long long got, long long want, const char *expr, const char *file, int line);

#define CHECK(c) check_(!!(c), #c, __FILE__, __LINE__)
#define CHECK_STATUS(got, want) check_status_((got), (want), #got, __FILE__, __LINE__)
#define CHECK_STR(got, want) check_str_((got), (want), #got, __FILE__, __LINE__)
#define CHECK_INT(got, want) check_int_((long long)(got), (long long)(want), #got, __FILE__, __LINE__)
/* Status and the error document's "field" in one go. */
#define CHECK_ERR(status, resp, want_status, want_field)         \
  do {                                                           \
    CHECK_STATUS((status), (want_status));                       \
    CHECK_STR(jstr((resp), "error.code"), od_status_name(want_status)); \
    CHECK_INT(jint((resp), "error.status"), (want_status));      \
    CHECK_STR(jstr((resp), "error.field"), (want_field));        \
  } while (0)

/* ---- engine per test --------------------------------------------------------------- */
od_engine *eng_open(void);          /* fresh database file, clock at T0 */
od_engine *eng_reopen(od_engine *e); /* close and open again on the same file */
void eng_close(od_engine *e);       /* close and delete the files */
const char *eng_db_path(void);
/* the "database" member for it: the SQLite file, or its PostgreSQL database (ONEDOOR_TEST_PG) */
const char *eng_db_json(void);

/* ---- calls ------------------------------------------------------------------------- */
/* Formats the request (printf style), calls, parses the response into *out (may be
 * NULL; the caller json_decref's it). Returns the status. The raw text of the last
 * response is kept for failure messages. */
int callf(od_engine *e, const char *op, json_t **out, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with the request text as is (no formatting). */
int call_raw(od_engine *e, const char *op, json_t **out, const char *request);
const char *last_response(void);

/* Actors: "actor":{...} fragments. */
#define ACTOR(unit, role) "\"actor\":{\"officer\":\"O-" unit "\",\"unit\":\"" unit "\",\"role\":\"" role "\"}"
#define A_DISTRICT ACTOR("district", "officer")
#define A_SUPER ACTOR("district", "supervisor")
#define A_GULOU ACTOR("town.gulou", "officer")
#define A_GULOU_OFF ACTOR("town.gulou.office", "handler")
#define A_GULOU_HEAD ACTOR("town.gulou.office", "head")
#define A_GULOU_GOV ACTOR("town.gulou.gov", "head")
#define A_LIUYUAN ACTOR("town.liuyuan", "officer")
#define A_HOUYING ACTOR("town.houying", "officer")
#define A_HOUYING_OFF ACTOR("town.houying.office", "handler")
#define A_CIVIL ACTOR("dept.civil", "handler")
#define A_EDU ACTOR("dept.education", "handler")
#define A_HOUSING ACTOR("dept.housing", "handler")
#define A_CHARITY ACTOR("org.charity", "handler")
#define A_GOV ACTOR("gov.district", "head")

/* A synthetic resident ID: 371502 + a 1980s birth date + sequence + GB 11643 check.
 * Returns one of a ring of static buffers. */
const char *pid(int n);
char gb11643_check(const char *first17);

/* intake at `actor` (an ACTOR fragment) for one applicant; extra is more fields
 * (",\"urgency\":\"emergency\"" or ""). Returns the status; *case_id and *item_id
 * (first item) are filled when given. */
int intake(od_engine *e, json_t **out, const char *actor, const char *name, const char *id,
           const char *hukou, const char *categories, const char *extra, char *case_id, char *item_id);
/* An item operation by `actor` with extra fields. */
int item_op(od_engine *e, const char *op, const char *actor, const char *item_id, const char *extra, json_t **out);
/* The usual feedback: granted with measures, signed and sealed by the head of the
 * actor's unit (an actor with role handler answers as head), told now by phone, with a
 * handling opinion when the item's notice asked for one and none was given yet. */
int feedback_granted(od_engine *e, const char *actor, const char *item_id, json_t **out);
int feedback_outcome(od_engine *e, const char *actor, const char *item_id, const char *outcome, json_t **out);
/* The engine's current time (a static buffer). */
const char *now_text(od_engine *e);
void clock_set(od_engine *e, const char *at);

/* Counts for "nothing changed" checks. */
int count_cases(od_engine *e);
int count_events(od_engine *e, const char *case_id);
/* case.get as the district window. */
json_t *get_case(od_engine *e, const char *case_id);

/* ---- JSON paths: "case.items[0].state" (tests/common/json_path.h) ------------------ */
/* NULL when absent or when the path is malformed. */
json_t *jget(json_t *root, const char *path);
const char *jstr(json_t *root, const char *path);  /* NULL when absent or not a string */
long long jint(json_t *root, const char *path);    /* -999999 when absent */
int jbool(json_t *root, const char *path);         /* -1 when absent */
size_t jlen(json_t *root, const char *path);       /* array/object size, 0 when absent */
/* Whether the array at path has an element whose `key` equals `value`. */
int jhas(json_t *root, const char *path, const char *key, const char *value);
/* The first element of the array at path whose `key` equals `value`, or NULL. */
json_t *jfind(json_t *root, const char *path, const char *key, const char *value);
/* Whether the array at path contains the string value. */
int jcontains(json_t *root, const char *path, const char *value);

/* ---- test registry ----------------------------------------------------------------- */
typedef void (*test_fn)(void);
void run_test(const char *name, test_fn fn);

#endif
