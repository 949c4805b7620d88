/* Plugin ABI 1.1 and the engine log, through the public C API:
 *   - a plugin built against the frozen 1.0 header loads and delivers next to a 1.1 one;
 *   - the 1.1 plugin sees the host's name, version and clock extension, and its status
 *     extension shows in engine.status;
 *   - the log: wall-clock stamps and levels, one file kept open (it follows a rename),
 *     retries at info, the effective configuration at open without its secrets, the
 *     level filter, configuration errors naming log_level / log_file;
 *   - with four workers, polling plugins are polled once per interval, not once per worker.
 * Usage: test_plugin_abi ABI10_SO ABI11_SO DISTRICT_FILE */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <onedoor/onedoor.h>

#include "counted_check.h"

static const char *g_abi10, *g_abi11, *g_district;
static char g_dir[256];


static char *path_in(const char *name) {
  static char buf[8][512];
  static int n;
  char *p = buf[n++ % 8];
  snprintf(p, 512, "%s/%s", g_dir, name);
  return p;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  size_t got = fread(s, 1, (size_t)n, f);
  s[got] = '\0';
  fclose(f);
  return s;
}

/* od_call with a printf-formatted request; returns the parsed response (or NULL) */
static json_t *call(od_engine *e, const char *op, int want, const char *fmt, ...) {
  char req[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(req, sizeof req, fmt, ap);
  va_end(ap);
  char *resp = NULL;
  int rc = od_call(e, op, req, &resp);
  if (rc != want) fprintf(stderr, "%s: status %d (wanted %d): %s\n", op, rc, want, resp ? resp : "");
  CHECK(rc == want);
  json_t *j = resp ? json_loads(resp, 0, NULL) : NULL;
  od_free(resp);
  return j;
}

/* jansson's json_path-less lookup: "a.b" object members only */
static json_t *get(json_t *j, const char *a, const char *b) {
  json_t *v = json_object_get(j, a);
  return b ? json_object_get(v, b) : v;
}

/* the entry of engine.status's plugins[] for unit */
static json_t *plugin_status(od_engine *e, const char *unit) {
  static json_t *last;
  if (last) json_decref(last);
  last = call(e, "engine.status", OD_OK, "{}");
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(last, "plugins"), i, p) {
    if (strcmp(json_string_value(json_object_get(p, "unit")), unit) == 0) return p;
  }
  return NULL;
}

static od_engine *open_engine(const char *config, int want, char **error) {
  od_engine *e = NULL;
  char *err = NULL;
  int rc = od_open(config, &e, &err);
  if (rc != want) fprintf(stderr, "od_open: %d (wanted %d) %s\n", rc, want, err ? err : "");
  CHECK(rc == want);
  if (error)
    *error = err;
  else
    od_free(err);
  return e;
}

#define GULOU "\"actor\":{\"officer\":\"GL-001\",\"unit\":\"town.gulou\",\"role\":\"officer\"}"
#define DISTRICT "\"actor\":{\"officer\":\"QU-001\",\"unit\":\"district\",\"role\":\"officer\"}"

/* the local (+08:00) date of the wall clock, "YYYY-MM-DD" */
static void wall_date(char out[11]) {
  time_t t = time(NULL) + 8 * 3600;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

static void test_abi_versions_and_log(void) {
  char config[4096];
  snprintf(config, sizeof config,
           "{\"database\":\"%s\",\"district_file\":\"%s\",\"clock\":\"manual\","
           "\"clock_start\":\"2026-03-02T09:00:00+08:00\",\"log_file\":\"%s\",\"log_level\":\"info\","
           "\"delivery\":{\"workers\":0,\"backoff_base_ms\":1000,\"backoff_cap_ms\":1000},"
           "\"plugins\":{\"gov.district\":{\"file\":\"%s\",\"config\":{\"out\":\"%s\"}},"
           "\"dept.education\":{\"file\":\"%s\",\"config\":{\"url\":\"https://edu.example.gov.cn/x\","
           "\"secret\":\"whsec_TOPSECRETVALUE\",\"authorization\":\"Bearer SEKRIT-TOKEN\","
           "\"secret_env\":\"EDU_SECRET_ENV\",\"nested\":{\"api_token\":\"NESTED-SEKRIT\"}}}}}",
           path_in("a.db"), g_district, path_in("engine.log"), g_abi10, path_in("abi10.out"), g_abi11);
  char before[11], after[11];
  wall_date(before);
  od_engine *e = open_engine(config, OD_OK, NULL);
  if (!e) return;
  /* the log keeps its one file open: after a rename, lines still land in it */
  CHECK(rename(path_in("engine.log"), path_in("engine.log.moved")) == 0);

  json_t *p10 = plugin_status(e, "gov.district");
  CHECK(p10 && strcmp(json_string_value(get(p10, "state", NULL)), "active") == 0);
  CHECK(p10 && json_integer_value(get(p10, "abi_minor", NULL)) == 0);
  CHECK(p10 && get(p10, "status", NULL) == NULL); /* a 1.0 plugin has no status extension */
  json_t *p11 = plugin_status(e, "dept.education");
  if (p11 && get(p11, "error", NULL)) fprintf(stderr, "abi11: %s\n", json_string_value(get(p11, "error", NULL)));
  CHECK(p11 && strcmp(json_string_value(get(p11, "state", NULL)), "active") == 0);
  CHECK(p11 && json_integer_value(get(p11, "abi_minor", NULL)) == 1);
  /* the status extension answers, and the clock extension is the engine's manual clock */
  CHECK(p11 && json_integer_value(get(p11, "status", "clock_ms")) == 1772413200000LL);
  CHECK(p11 && json_integer_value(get(p11, "status", "polls")) == 0);

  /* a major case is reported to the government (the 1.0 plugin); an education item is
   * transferred to the education bureau (the 1.1 plugin) */
  json_t *r = call(e, "intake", OD_OK,
                   "{" GULOU ",\"urgency\":\"major\",\"applicant\":{\"name\":\"赵一\",\"id_number\":\"371502198001010018\","
                   "\"hukou_town\":\"gulou\"},\"hardship\":\"火灾\",\"categories\":[\"dibao\"]}");
  json_decref(r);
  r = call(e, "intake", OD_OK,
           "{" DISTRICT ",\"applicant\":{\"name\":\"钱二\",\"id_number\":\"371502199003070027\","
           "\"hukou_town\":\"gulou\"},\"hardship\":\"学费困难\",\"categories\":[\"education\"]}");
  const char *item = json_string_value(json_object_get(json_array_get(json_object_get(r, "items"), 0), "id"));
  char item_id[80];
  snprintf(item_id, sizeof item_id, "%s", item ? item : "");
  json_decref(r);
  json_decref(call(e, "route", OD_OK, "{" DISTRICT ",\"item_id\":\"%s\",\"type\":\"transfer\"}", item_id));

  json_decref(call(e, "delivery.run", OD_OK, "{}"));
  char *out = slurp(path_in("abi10.out"));
  CHECK(out && strstr(out, " gov.district major_report\n"));
  free(out);
  r = call(e, "delivery.list", OD_OK, "{" DISTRICT "}");
  size_t i;
  json_t *job;
  int gov_delivered = 0, edu_pending = 0;
  json_array_foreach(json_object_get(r, "jobs"), i, job) {
    const char *unit = json_string_value(get(job, "unit", NULL));
    const char *state = json_string_value(get(job, "state", NULL));
    const char *ref = json_string_value(get(job, "reference", NULL));
    const char *id = json_string_value(get(job, "id", NULL));
    if (strcmp(unit, "gov.district") == 0 && strcmp(state, "delivered") == 0 && ref && strncmp(ref, "ref-", 4) == 0 &&
        strcmp(ref + 4, id) == 0)
      gov_delivered++;
    if (strcmp(unit, "dept.education") == 0 && strcmp(state, "pending") == 0) edu_pending++;
  }
  CHECK(gov_delivered == 1);
  CHECK(edu_pending == 1);
  json_decref(r);

  /* after the backoff the 1.1 plugin takes it */
  json_decref(call(e, "clock.advance", OD_OK, "{\"minutes\":1}"));
  json_decref(call(e, "delivery.run", OD_OK, "{}"));
  json_decref(call(e, "plugins.poll", OD_OK, "{}"));
  p11 = plugin_status(e, "dept.education");
  CHECK(p11 && json_integer_value(get(p11, "status", "delivered")) == 1);
  CHECK(p11 && json_integer_value(get(p11, "status", "retried")) == 1);
  CHECK(p11 && json_integer_value(get(p11, "status", "polls")) == 1);
  od_close(e);
  wall_date(after);

  CHECK(access(path_in("engine.log"), F_OK) != 0); /* never reopened by name */
  char *log = slurp(path_in("engine.log.moved"));
  CHECK(log != NULL);
  if (!log) return;
  CHECK(strstr(log, "info [dept.education] abi11 fixture ready on onedoor " OD_VERSION_STRING) != NULL);
  CHECK(strstr(log, "info [gov.district] abi10 fixture ready") != NULL);
  CHECK(strstr(log, ": attempt 1 failed, retry at 2026-03-02T09:00:0") != NULL);
  const char *retry = strstr(log, ": attempt 1 failed");
  CHECK(retry && strstr(retry, "busy (first attempt of job-"));
  /* the retry line is at info */
  const char *line = retry;
  while (line && line > log && line[-1] != '\n') line--;
  CHECK(line && strstr(line, " info job job-") == line + 29);
  /* the effective configuration, defaults included, secrets hidden */
  const char *cfg = strstr(log, "info configuration: {");
  CHECK(cfg != NULL);
  CHECK(strstr(log, "TOPSECRETVALUE") == NULL);
  CHECK(strstr(log, "SEKRIT") == NULL);
  CHECK(cfg && strstr(cfg, "\"secret\":\"(hidden)\""));
  CHECK(cfg && strstr(cfg, "\"authorization\":\"(hidden)\""));
  CHECK(cfg && strstr(cfg, "\"api_token\":\"(hidden)\""));
  CHECK(cfg && strstr(cfg, "\"secret_env\":\"EDU_SECRET_ENV\"")); /* a reference, not a secret */
  CHECK(cfg && strstr(cfg, "\"backoff_cap_ms\":1000"));
  CHECK(cfg && strstr(cfg, "\"max_attempts\":12")); /* a default, shown */
  /* every line: "<wall-clock date>T<hh:mm:ss.mmm>+08:00 <level> " */
  int lines = 0, stamped = 0;
  for (char *l = strtok(log, "\n"); l; l = strtok(NULL, "\n")) {
    lines++;
    int date_ok = strncmp(l, before, 10) == 0 || strncmp(l, after, 10) == 0;
    int shape_ok = strlen(l) > 30 && l[10] == 'T' && l[19] == '.' && strncmp(l + 23, "+08:00 ", 7) == 0;
    const char *lv = l + 30;
    int level_ok = !strncmp(lv, "debug ", 6) || !strncmp(lv, "info ", 5) || !strncmp(lv, "warn ", 5) ||
                   !strncmp(lv, "error ", 6);
    if (date_ok && shape_ok && level_ok)
      stamped++;
    else
      fprintf(stderr, "badly stamped log line: %s\n", l);
  }
  CHECK(lines >= 5);
  CHECK(stamped == lines);
  free(log);
}

static void test_log_level_and_config_errors(void) {
  char config[2048];
  snprintf(config, sizeof config,
           "{\"database\":\"%s\",\"district_file\":\"%s\",\"log_file\":\"%s\",\"log_level\":\"warn\","
           "\"delivery\":{\"workers\":0},\"plugins\":{\"dept.civil\":{\"file\":\"%s/nonexistent.so\",\"config\":{}}}}",
           path_in("b.db"), g_district, path_in("warn.log"), g_dir);
  od_close(open_engine(config, OD_OK, NULL));
  char *log = slurp(path_in("warn.log"));
  CHECK(log && strstr(log, " error plugin for dept.civil disabled: cannot load"));
  CHECK(log && strstr(log, " info ") == NULL);
  free(log);

  char *err = NULL;
  snprintf(config, sizeof config, "{\"database\":\"%s\",\"district_file\":\"%s\",\"log_level\":\"loud\"}",
           path_in("c.db"), g_district);
  CHECK(open_engine(config, OD_ERR_CONFIG, &err) == NULL);
  CHECK(err && strstr(err, "\"field\":\"log_level\""));
  od_free(err);
  snprintf(config, sizeof config, "{\"database\":\"%s\",\"district_file\":\"%s\",\"log_file\":\"%s/no/such/dir.log\"}",
           path_in("d.db"), g_district, g_dir);
  CHECK(open_engine(config, OD_ERR_CONFIG, &err) == NULL);
  CHECK(err && strstr(err, "\"field\":\"log_file\""));
  od_free(err);
}

static long long polls_of(od_engine *e) {
  json_t *p = plugin_status(e, "dept.education");
  return p ? json_integer_value(get(p, "status", "polls")) : -1;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Four workers share one poll per interval. The interval is measured on the engine's
 * manual clock, so only clock.advance makes one due: the count is exact. */
static void test_poll_once_per_interval(void) {
  char config[2048];
  snprintf(config, sizeof config,
           "{\"database\":\"%s\",\"district_file\":\"%s\",\"clock\":\"manual\","
           "\"clock_start\":\"2026-03-02T09:00:00+08:00\","
           "\"delivery\":{\"workers\":4,\"idle_ms\":5,\"poll_interval_ms\":60000},"
           "\"plugins\":{\"dept.education\":{\"file\":\"%s\",\"config\":{}}}}",
           path_in("p.db"), g_district, g_abi11);
  od_engine *e = open_engine(config, OD_OK, NULL);
  if (!e) return;
  sleep_ms(200);
  CHECK(polls_of(e) == 0);
  for (int round = 1; round <= 2; round++) {
    json_decref(call(e, "clock.advance", OD_OK, "{\"minutes\":1}"));
    for (int i = 0; i < 500 && polls_of(e) < round; i++) sleep_ms(10);
    sleep_ms(300); /* every worker has looked many times by now */
    long long n = polls_of(e);
    if (n != round) fprintf(stderr, "after %d interval(s): %lld polls\n", round, n);
    CHECK(n == round);
  }
  od_close(e);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: test_plugin_abi ABI10_SO ABI11_SO DISTRICT_FILE\n");
    return 2;
  }
  g_abi10 = argv[1];
  g_abi11 = argv[2];
  g_district = argv[3];
  snprintf(g_dir, sizeof g_dir, "%s/od-abi-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(g_dir)) return 2;
  test_abi_versions_and_log();
  test_log_level_and_config_errors();
  test_poll_once_per_interval();
  printf("test_plugin_abi: %d passed, %d failed (files in %s)\n", g_passed, g_failed, g_dir);
  if (g_failed == 0) {
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    if (system(cmd) != 0) return 1;
  }
  return counted_check_result();
}
