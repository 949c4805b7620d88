#define _POSIX_C_SOURCE 200809L
#include "harness.h"
#include "json_path.h"
#include "test_database.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int g_passed = 0, g_failed = 0;
static const char *g_test = "?";
static char *g_last = NULL; /* the raw text of the last response */
static char g_dir[256];
static char g_db[300];

const char *last_response(void) { return g_last ? g_last : "(none)"; }

static void failed(const char *file, int line, const char *what) {
  ++g_failed;
  const char *r = last_response();
  fprintf(stderr, "FAIL [%s] %s:%d: %s\n      last response: %.1500s%s\n", g_test, file, line, what, r,
          strlen(r) > 1500 ? "..." : "");
}

void check_(int ok, const char *expr, const char *file, int line) {
  if (ok) {
    ++g_passed;
    return;
  }
  char buf[1024];
  snprintf(buf, sizeof buf, "CHECK(%s)", expr);
  failed(file, line, buf);
}

void check_status_(int got, int want, const char *expr, const char *file, int line) {
  if (got == want) {
    ++g_passed;
    return;
  }
  char buf[1024];
  snprintf(buf, sizeof buf, "%s is %d %s, expected %d %s", expr, got, od_status_name(got), want,
           od_status_name(want));
  failed(file, line, buf);
}

void check_str_(const char *got, const char *want, const char *expr, const char *file, int line) {
  if ((got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0)) {
    ++g_passed;
    return;
  }
  char buf[1024];
  snprintf(buf, sizeof buf, "%s is \"%s\", expected \"%s\"", expr, got ? got : "(null)", want ? want : "(null)");
  failed(file, line, buf);
}

void check_int_(long long got, long long want, const char *expr, const char *file, int line) {
  if (got == want) {
    ++g_passed;
    return;
  }
  char buf[1024];
  snprintf(buf, sizeof buf, "%s is %lld, expected %lld", expr, got, want);
  failed(file, line, buf);
}

/* ---- engine ------------------------------------------------------------------------ */

static od_engine *open_at(void) {
  char cfg[4096];
  snprintf(cfg, sizeof cfg,
           "{\"database\":%s,\"district_file\":\"%s\",\"clock\":\"manual\",\"clock_start\":\"%s\","
           "\"delivery\":{\"workers\":0}}",
           eng_db_json(), SAMPLE_DISTRICT, T0);
  od_engine *e = NULL;
  char *err = NULL;
  int32_t st = od_open(cfg, &e, &err);
  if (st != OD_OK) {
    fprintf(stderr, "od_open failed: %d %s\n", st, err ? err : "");
    od_free(err);
    return NULL;
  }
  return e;
}

const char *eng_db_path(void) { return g_db; }

/* the "database" value for the current engine's path (tests/common/test_database.h) */
const char *eng_db_json(void) {
  static char *json, *for_path;
  if (!for_path || strcmp(for_path, g_db) != 0) {
    free(json);
    free(for_path);
    json = od_test_database_json(g_db);
    for_path = strdup(g_db);
  }
  return json;
}

od_engine *eng_open(void) {
  const char *tmp = getenv("TMPDIR");
  snprintf(g_dir, sizeof g_dir, "%s/od-capi-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(g_dir)) {
    perror("mkdtemp");
    exit(2);
  }
  snprintf(g_db, sizeof g_db, "%s/district.db", g_dir);
  od_engine *e = open_at();
  if (!e) {
    fprintf(stderr, "cannot open an engine; giving up\n");
    exit(2);
  }
  return e;
}

od_engine *eng_reopen(od_engine *e) {
  od_close(e);
  return open_at();
}

void eng_close(od_engine *e) {
  od_close(e);
  const char *suffix[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; ++i) {
    char p[320];
    snprintf(p, sizeof p, "%s%s", g_db, suffix[i]);
    unlink(p);
  }
  rmdir(g_dir);
  free(g_last);
  g_last = NULL;
}

/* ---- calls ------------------------------------------------------------------------- */

int call_raw(od_engine *e, const char *op, json_t **out, const char *request) {
  char *resp = NULL;
  int st = od_call(e, op, request, &resp);
  free(g_last);
  g_last = resp ? strdup(resp) : NULL;
  if (out) {
    json_error_t jerr;
    *out = resp ? json_loads(resp, 0, &jerr) : NULL;
    if (resp && !*out) {
      ++g_failed;
      fprintf(stderr, "FAIL [%s] response to %s is not JSON: %s\n", g_test, op, resp);
    }
  }
  od_free(resp);
  return st;
}

int callf(od_engine *e, const char *op, json_t **out, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *req = malloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(req, (size_t)n + 1, fmt, ap);
  va_end(ap);
  int st = call_raw(e, op, out, req);
  free(req);
  return st;
}

char gb11643_check(const char *s) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char c[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (s[i] - '0') * w[i];
  return c[sum % 11];
}

const char *pid(int n) {
  static char ring[32][19];
  static int next = 0;
  char *b = ring[next++ % 32];
  unsigned u = (unsigned)n;
  char tmp[48];
  snprintf(tmp, sizeof tmp, "3715021980%02u%02u%03u", 1 + u % 12, 1 + (u / 12) % 28, (u * 7 + 11) % 1000);
  memcpy(b, tmp, 17);
  b[17] = gb11643_check(b);
  b[18] = '\0';
  return b;
}

int intake(od_engine *e, json_t **out, const char *actor, const char *name, const char *id, const char *hukou,
           const char *categories, const char *extra, char *case_id, char *item_id) {
  json_t *r = NULL;
  int st = callf(e, "intake", &r,
                 "{%s,\"applicant\":{\"name\":\"%s\",\"id_number\":\"%s\",\"phone\":\"13800000001\","
                 "\"hukou_town\":\"%s\",\"address\":\"测试路1号\"},\"hardship\":\"因病致贫，收入微薄\","
                 "\"categories\":%s%s}",
                 actor, name, id, hukou, categories, extra ? extra : "");
  if (case_id) {
    const char *c = jstr(r, "case_id");
    snprintf(case_id, 64, "%s", c ? c : "");
  }
  if (item_id) {
    const char *i = jstr(r, "items[0].id");
    snprintf(item_id, 80, "%s", i ? i : "");
  }
  if (out) *out = r;
  else json_decref(r);
  return st;
}

int item_op(od_engine *e, const char *op, const char *actor, const char *item_id, const char *extra, json_t **out) {
  return callf(e, op, out, "{%s,\"item_id\":\"%s\"%s}", actor, item_id, extra ? extra : "");
}

/* Whether the item's current notice asked for a handling opinion it has not had. */
static int needs_opinion(od_engine *e, const char *item_id) {
  char case_id[64];
  snprintf(case_id, sizeof case_id, "%s", item_id);
  char *dash = strrchr(case_id, '-');
  if (dash) *dash = '\0';
  json_t *c = get_case(e, case_id);
  json_t *it = jfind(c, "items", "id", item_id);
  size_t n = jlen(it, "notices");
  int needs = 0;
  if (it && n > 0 && !jget(it, "opinion_at")) {
    char path[64];
    snprintf(path, sizeof path, "notices[%zu].type", n - 1);
    const char *type = jstr(it, path);
    needs = type && (!strcmp(type, "distribute") || !strcmp(type, "transfer"));
  }
  json_decref(c);
  return needs;
}

int feedback_outcome(od_engine *e, const char *actor, const char *item_id, const char *outcome, json_t **out) {
  char now[64];
  snprintf(now, sizeof now, "%s", now_text(e));
  /* the head of the handling unit signs and seals: the same officer's unit, as head */
  char head[256];
  snprintf(head, sizeof head, "%s", actor);
  char *role = strstr(head, "\"role\":\"handler\"");
  if (role) memcpy(role, "\"role\":\"head\"   ", strlen("\"role\":\"handler\""));
  const char *opinion = needs_opinion(e, item_id) ? ",\"opinion\":\"经核查符合条件，同意办理\"" : "";
  return callf(e, "feedback", out,
               "{%s,\"item_id\":\"%s\",\"outcome\":\"%s\",\"measures\":\"按月发放救助金\",\"amount\":600,"
               "\"told_at\":\"%s\",\"channel\":\"phone\",\"signer\":\"单位负责人甲\",\"seal\":\"SEAL-001\"%s}",
               head, item_id, outcome, now, opinion);
}

int feedback_granted(od_engine *e, const char *actor, const char *item_id, json_t **out) {
  return feedback_outcome(e, actor, item_id, "granted", out);
}

const char *now_text(od_engine *e) {
  static char buf[64];
  char *resp = NULL;
  od_call(e, "engine.status", "{}", &resp);
  json_t *r = resp ? json_loads(resp, 0, NULL) : NULL;
  const char *n = jstr(r, "now");
  snprintf(buf, sizeof buf, "%s", n ? n : "");
  json_decref(r);
  od_free(resp);
  return buf;
}

void clock_set(od_engine *e, const char *at) {
  int st = callf(e, "clock.set", NULL, "{\"at\":\"%s\"}", at);
  CHECK_STATUS(st, OD_OK);
}

int count_cases(od_engine *e) {
  json_t *r = NULL;
  int st = callf(e, "case.list", &r, "{%s,\"limit\":500}", A_DISTRICT);
  int n = st == OD_OK ? (int)jlen(r, "cases") : -1;
  json_decref(r);
  return n;
}

int count_events(od_engine *e, const char *case_id) {
  json_t *r = NULL;
  int st = callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, case_id);
  int n = st == OD_OK ? (int)jlen(r, "events") : -1;
  json_decref(r);
  return n;
}

json_t *get_case(od_engine *e, const char *case_id) {
  json_t *r = NULL;
  int st = callf(e, "case.get", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, case_id);
  CHECK_STATUS(st, OD_OK);
  return r;
}

/* ---- JSON paths -------------------------------------------------------------------- */

json_t *jget(json_t *root, const char *path) {
  const char *err = NULL;
  return json_path(root, path, &err);
}

const char *jstr(json_t *root, const char *path) {
  json_t *v = root ? jget(root, path) : NULL;
  return json_is_string(v) ? json_string_value(v) : NULL;
}

long long jint(json_t *root, const char *path) {
  json_t *v = root ? jget(root, path) : NULL;
  if (json_is_integer(v)) return json_integer_value(v);
  if (json_is_real(v)) return (long long)json_real_value(v);
  return -999999;
}

int jbool(json_t *root, const char *path) {
  json_t *v = root ? jget(root, path) : NULL;
  return json_is_boolean(v) ? json_is_true(v) : -1;
}

size_t jlen(json_t *root, const char *path) {
  json_t *v = root ? jget(root, path) : NULL;
  if (json_is_array(v)) return json_array_size(v);
  if (json_is_object(v)) return json_object_size(v);
  return 0;
}

json_t *jfind(json_t *root, const char *path, const char *key, const char *value) {
  json_t *a = root ? jget(root, path) : NULL;
  if (!json_is_array(a)) return NULL;
  size_t i;
  json_t *el;
  json_array_foreach(a, i, el) {
    const char *s = json_string_value(json_object_get(el, key));
    if (s && strcmp(s, value) == 0) return el;
  }
  return NULL;
}

int jhas(json_t *root, const char *path, const char *key, const char *value) {
  return jfind(root, path, key, value) != NULL;
}

int jcontains(json_t *root, const char *path, const char *value) {
  json_t *a = root ? jget(root, path) : NULL;
  if (!json_is_array(a)) return 0;
  size_t i;
  json_t *el;
  json_array_foreach(a, i, el) {
    if (json_is_string(el) && strcmp(json_string_value(el), value) == 0) return 1;
  }
  return 0;
}

void run_test(const char *name, test_fn fn) {
  int before = g_failed;
  g_test = name;
  fn();
  fprintf(stderr, "%s %s\n", g_failed == before ? "ok  " : "FAIL", name);
  g_test = "?";
}
