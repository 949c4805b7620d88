/* Issue 10, the guards: the role matrix pair by pair, no probing of case ids, holiday
 * calendars loaded after a release, and the edges refused with a clear error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

/* ---- the role matrix (docs/domain.md), written out here on its own ---------------- */

/* Where an operation is tried: a town window, a town office, a town government. */
static const char *kPlaceUnit[] = {"town.gulou", "town.gulou.office", "town.gulou.gov"};
static const char *kRoles[] = {"officer", "handler", "head", "supervisor"};

typedef struct {
  const char *op;
  /* per place (window, handling, government): the roles allowed, "" = none, "*" = the
   * matrix lets every role past (the operation decides on its own) */
  const char *allowed[3];
} RoleRow;

static const RoleRow kMatrix[] = {
    {"intake", {"officer supervisor", "*", "*"}},
    {"item.add", {"officer supervisor", "*", "*"}},
    {"inquiry.answer", {"officer supervisor", "*", "*"}},
    {"route", {"officer supervisor", "*", "*"}},
    {"help.broadcast", {"officer supervisor", "*", "*"}},
    {"help.accept", {"officer supervisor", "*", "*"}},
    {"archive", {"officer supervisor", "*", "*"}},
    {"delivery.retry", {"officer supervisor", "*", "*"}},
    {"acknowledge", {"*", "handler head", "*"}},
    {"opinion", {"*", "handler head", "*"}},
    {"material.request", {"*", "handler head", "*"}},
    {"material.receive", {"*", "handler head", "*"}},
    {"cooperation.request", {"officer supervisor", "handler head", "*"}},
    {"cooperation.answer", {"*", "handler head", "*"}},
    {"help.offer", {"*", "handler head", "*"}},
    {"handler.change", {"*", "head", "*"}},
    {"emergency.grant", {"officer supervisor", "handler head", ""}},
    {"paperwork.complete", {"officer supervisor", "handler head", ""}},
    {"feedback", {"officer supervisor", "head", "*"}},
    {"decision.request", {"supervisor", "head", "*"}},
    {"decision.record", {"*", "*", "head"}},
    /* reading: every role */
    {"case.get", {"*", "*", "*"}},
    {"case.file", {"*", "*", "*"}},
    {"case.list", {"*", "*", "*"}},
    {"due.list", {"*", "*", "*"}},
    {"stats", {"*", "*", "*"}},
    {"disclosure", {"*", "*", "*"}},
};

static int listed(const char *list, const char *role) {
  char buf[64];
  snprintf(buf, sizeof buf, "%s", list);
  for (char *t = strtok(buf, " "); t; t = strtok(NULL, " "))
    if (!strcmp(t, role)) return 1;
  return 0;
}

void t_role_matrix(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  int pairs = 0;
  for (size_t i = 0; i < sizeof kMatrix / sizeof kMatrix[0]; ++i) {
    for (int place = 0; place < 3; ++place) {
      for (size_t k = 0; k < 4; ++k) {
        /* a request naming nothing that exists: a refused role is refused first, an
         * allowed one gets past the role check to whatever the operation says */
        int st = callf(e, kMatrix[i].op, &r,
                       "{\"actor\":{\"officer\":\"R-1\",\"unit\":\"%s\",\"role\":\"%s\"},"
                       "\"item_id\":\"C371502-2026-999999-1\",\"case_id\":\"C371502-2026-999999\","
                       "\"job_id\":\"job-999999999\"}",
                       kPlaceUnit[place], kRoles[k]);
        const char *field = jstr(r, "error.field");
        int refused_role = st == OD_ERR_FORBIDDEN && field && !strcmp(field, "actor.role");
        int want_refused = strcmp(kMatrix[i].allowed[place], "*") && !listed(kMatrix[i].allowed[place], kRoles[k]);
        if (refused_role != want_refused)
          fprintf(stderr, "      (%s by %s at %s)\n", kMatrix[i].op, kRoles[k], kPlaceUnit[place]);
        CHECK_INT(refused_role, want_refused);
        if (refused_role) CHECK(strstr(jstr(r, "error.message"), kRoles[k]) != NULL);
        json_decref(r);
        ++pairs;
      }
    }
  }
  CHECK_INT(pairs, 27 * 3 * 4);
  /* the district window and departments follow the same rows as town windows and offices */
  CHECK_ERR(callf(e, "intake", &r, "{%s}", ACTOR("district", "handler")), r, OD_ERR_FORBIDDEN, "actor.role");
  json_decref(r);
  CHECK_ERR(callf(e, "feedback", &r, "{%s,\"item_id\":\"x\"}", ACTOR("dept.civil", "handler")), r, OD_ERR_FORBIDDEN,
            "actor.role");
  json_decref(r);
  CHECK_ERR(callf(e, "help.offer", &r, "{%s,\"item_id\":\"x\"}", ACTOR("org.charity", "officer")), r, OD_ERR_FORBIDDEN,
            "actor.role");
  json_decref(r);
  /* before: a government's officer granted emergency aid and completed its paperwork */
  {
    char c[64], it[80];
    CHECK_STATUS(intake(e, NULL, A_GULOU, "角色乙", pid(402), "gulou", "[\"dibao\"]", ",\"urgency\":\"emergency\"", c, it),
                 OD_OK);
    CHECK_ERR(item_op(e, "emergency.grant", ACTOR("town.gulou.gov", "officer"), it, ",\"measures\":\"x\"", &r), r,
              OD_ERR_FORBIDDEN, "actor.role");
    json_decref(r);
    CHECK_ERR(item_op(e, "paperwork.complete", ACTOR("town.gulou.gov", "head"), it, "", &r), r, OD_ERR_FORBIDDEN,
              "actor.role");
    json_decref(r);
    json_t *got = get_case(e, c);
    CHECK(jstr(got, "items[0].emergency.unit") == NULL);
    json_decref(got);
  }
  /* before: a handler did an intake at a window */
  CHECK_ERR(intake(e, &r, ACTOR("town.gulou", "handler"), "角色甲", pid(401), "gulou", "[\"dibao\"]", "", NULL, NULL), r,
            OD_ERR_FORBIDDEN, "actor.role");
  json_decref(r);
  CHECK_INT(count_cases(e), 1);
  eng_close(e);
}

/* ---- no probing ------------------------------------------------------------------- */

void t_no_probing(void) {
  od_engine *e = eng_open();
  json_t *seen = NULL, *missing = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "探测甲", pid(411), "gulou", "[\"dibao\"]", "", c, it), OD_OK);
  const char *ghost = "C371502-2026-000999";
  const char *ghost_item = "C371502-2026-000999-1";
  struct {
    const char *op;
    const char *actor;
    const char *key;
    const char *extra;
  } probes[] = {
      {"case.get", A_LIUYUAN, "case_id", ""},
      {"case.file", ACTOR("dept.education", "handler"), "case_id", ""},
      {"item.add", A_LIUYUAN, "case_id", ",\"category\":\"medical\""},
      {"archive", A_LIUYUAN, "case_id", ""},
      {"inquiry.answer", A_LIUYUAN, "case_id", ",\"reply\":\"x\",\"channel\":\"phone\""},
      {"route", A_LIUYUAN, "item_id", ",\"type\":\"distribute\""},
      {"acknowledge", ACTOR("town.liuyuan.office", "handler"), "item_id", ""},
      {"emergency.grant", A_LIUYUAN, "item_id", ",\"measures\":\"x\""},
      {"cooperation.answer", ACTOR("dept.health", "handler"), "item_id", ",\"cooperation\":\"COO-2026-000001\",\"answer\":\"x\""},
      {"decision.record", ACTOR("gov.district", "head"), "item_id", ",\"decision\":\"x\""},
      /* operations that decide access themselves: an organisation never asked, the
       * category's owner on a case that is no emergency and never reached it */
      {"help.offer", ACTOR("org.charity", "handler"), "item_id",
       ",\"broadcast\":\"HLP-2026-000001\",\"answer\":\"offer\",\"text\":\"t\""},
      {"emergency.grant", A_CIVIL, "item_id", ",\"measures\":\"x\""},
      {"paperwork.complete", A_LIUYUAN, "item_id", ""},
      {"help.accept", A_LIUYUAN, "item_id", ",\"broadcast\":\"HLP-2026-000001\",\"org\":\"org.charity\""},
      {"handler.change", ACTOR("town.liuyuan.office", "head"), "item_id", ",\"handler\":\"x\",\"reason\":\"x\""},
      {"cooperation.request", ACTOR("dept.health", "handler"), "item_id", ",\"question\":\"x\""},
  };
  for (size_t i = 0; i < sizeof probes / sizeof probes[0]; ++i) {
    int is_case = !strcmp(probes[i].key, "case_id");
    const char *real = is_case ? c : it;
    const char *fake = is_case ? ghost : ghost_item;
    int a = callf(e, probes[i].op, &seen, "{%s,\"%s\":\"%s\"%s}", probes[i].actor, probes[i].key, real, probes[i].extra);
    int b = callf(e, probes[i].op, &missing, "{%s,\"%s\":\"%s\"%s}", probes[i].actor, probes[i].key, fake, probes[i].extra);
    if (a != b) fprintf(stderr, "      (%s)\n", probes[i].op);
    CHECK_STATUS(a, OD_ERR_NOT_FOUND);
    CHECK_STATUS(b, OD_ERR_NOT_FOUND);
    CHECK_STR(jstr(seen, "error.field"), jstr(missing, "error.field"));
    /* the same message with the id swapped: nothing else tells them apart */
    char want[160];
    snprintf(want, sizeof want, is_case ? "no case '%s'" : "no item '%s'", real);
    CHECK_STR(jstr(seen, "error.message"), want);
    snprintf(want, sizeof want, is_case ? "no case '%s'" : "no item '%s'", fake);
    CHECK_STR(jstr(missing, "error.message"), want);
    json_decref(seen);
    json_decref(missing);
  }
  eng_close(e);
}

/* ---- calendars that outlive a release ---------------------------------------------- */

static od_engine *open_with(const char *extra_config) {
  char cfg[2048];
  snprintf(cfg, sizeof cfg,
           "{\"database\":%s,\"district_file\":\"%s\",\"clock\":\"manual\",\"clock_start\":\"" T0 "\","
           "\"delivery\":{\"workers\":0}%s}",
           eng_db_json(), SAMPLE_DISTRICT, extra_config);
  od_engine *e = NULL;
  char *err = NULL;
  int st = od_open(cfg, &e, &err);
  if (st != OD_OK) fprintf(stderr, "      od_open: %s\n", err ? err : "");
  CHECK_STATUS(st, OD_OK);
  od_free(err);
  return e;
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

void t_calendar_years(void) {
  od_close(eng_open()); /* a fresh directory and database path */
  char dir[400], cfg[600], file[500], bad[500];
  snprintf(dir, sizeof dir, "%s.calendar", eng_db_path());
  snprintf(file, sizeof file, "%s/2027.json", dir);
  snprintf(bad, sizeof bad, "%s/2028.json", dir);
  CHECK_INT(mkdir(dir, 0700), 0);
  snprintf(cfg, sizeof cfg, ",\"calendar_dir\":\"%s\"", dir);
  od_engine *e = open_with(cfg);
  json_t *r = NULL;
  char c[64], it[80];
  clock_set(e, "2026-12-30T09:00:00+08:00");
  CHECK_STATUS(intake(e, NULL, A_GULOU, "年末甲", pid(421), "gulou", "[\"dibao\"]", "", c, it), OD_OK);
  /* before: due 2027-01-04 because 1 Jan 2027 counted as a working day, and no warning */
  r = get_case(e, c);
  CHECK_STR(jstr(r, "obligations[0].due"), "2027-01-04T23:59:59+08:00");
  CHECK_INT(jbool(r, "obligations[0].provisional"), 1);
  json_decref(r);
  CHECK_STATUS(callf(e, "engine.status", &r, "{}"), OD_OK);
  CHECK_INT(jlen(r, "calendar_warnings"), 1);
  CHECK(strstr(jstr(r, "calendar_warnings[0]") ? jstr(r, "calendar_warnings[0]") : "", "2027") != NULL);
  json_decref(r);
  int events = count_events(e, c);
  od_close(e);
  /* the year's data arrives as a file next to the district's: loaded at the next open,
   * without a rebuild, and the open case follows it */
  write_file(file, "{\"2027\":{\"holidays\":[\"2027-01-01\"]}}");
  e = open_with(cfg);
  CHECK_INT(count_events(e, c), events + 1);
  r = get_case(e, c);
  CHECK_STR(jstr(r, "obligations[0].due"), "2027-01-05T23:59:59+08:00");
  CHECK_INT(jbool(r, "obligations[0].provisional"), -1);
  json_decref(r);
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, c), OD_OK);
  json_t *ev = jfind(r, "events", "type", "deadlines_recomputed");
  CHECK_STR(jstr(ev, "actor.officer"), "system");
  CHECK_STR(jstr(ev, "data.obligations[0].kind"), "route");
  CHECK_STR(jstr(ev, "data.obligations[0].before"), "2027-01-04T23:59:59+08:00");
  CHECK_STR(jstr(ev, "data.obligations[0].after"), "2027-01-05T23:59:59+08:00");
  CHECK_INT(jint(ev, "data.years[0]"), 2027);
  json_decref(r);
  /* the due index follows: nothing overdue on 5 Jan */
  clock_set(e, "2027-01-05T18:00:00+08:00");
  CHECK_STATUS(callf(e, "case.list", &r, "{%s,\"overdue\":true}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "cases"), 0);
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"overdue\":true}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 0);
  json_decref(r);
  clock_set(e, "2026-12-30T09:00:00+08:00");
  CHECK_STATUS(callf(e, "engine.status", &r, "{}"), OD_OK);
  CHECK_INT(jlen(r, "calendar_warnings"), 0);
  CHECK(jlen(r, "calendar_years") == 2 && jint(r, "calendar_years[1]") == 2027);
  json_decref(r);
  /* opening again restates nothing: each year once per database */
  od_close(e);
  e = open_with(cfg);
  CHECK_INT(count_events(e, c), events + 1);
  od_close(e);
  /* a bad file is refused at open, naming it */
  write_file(bad, "{\"2028\":{\"holidays\":[\"2028-01-01\"],\"holidays\":[]}}");
  char full[2048];
  snprintf(full, sizeof full,
           "{\"database\":%s,\"district_file\":\"%s\",\"clock\":\"manual\",\"calendar_dir\":\"%s\"}",
           eng_db_json(), SAMPLE_DISTRICT, dir);
  od_engine *x = NULL;
  char *err = NULL;
  CHECK_STATUS(od_open(full, &x, &err), OD_ERR_CONFIG);
  CHECK(err && strstr(err, "calendar_dir:2028.json.2028.holidays") != NULL);
  od_free(err);
  write_file(bad, "{\"2028\":{\"holidays\":[\"2027-12-31\"]}}");
  err = NULL;
  CHECK_STATUS(od_open(full, &x, &err), OD_ERR_CONFIG);
  CHECK(err && strstr(err, "lists a date outside 2028") != NULL);
  od_free(err);
  unlink(bad);
  /* the same for a year that arrives while cases run into it */
  e = open_with(cfg);
  char c2[64];
  clock_set(e, "2027-12-29T09:00:00+08:00");
  CHECK_STATUS(intake(e, NULL, A_GULOU, "年末乙", pid(422), "gulou", "[\"dibao\"]", "", c2, NULL), OD_OK);
  r = get_case(e, c2);
  CHECK_STR(jstr(r, "obligations[0].due"), "2028-01-03T23:59:59+08:00");
  CHECK_INT(jbool(r, "obligations[0].provisional"), 1);
  json_decref(r);
  od_close(e);
  write_file(bad, "{\"2028\":{\"holidays\":[\"2028-01-03\"]}}");
  e = open_with(cfg);
  r = get_case(e, c2);
  CHECK_STR(jstr(r, "obligations[0].due"), "2028-01-04T23:59:59+08:00");
  json_decref(r);
  unlink(bad);
  unlink(file);
  rmdir(dir);
  eng_close(e);
}

/* Every deadline field counted into a year without holiday data carries
 * "<field>_provisional": true, not only the obligations (docs/api.md). */
void t_provisional_deadline_fields(void) {
  od_close(eng_open()); /* a fresh, empty calendar directory: no 2027 data */
  char dir[400], cfg[600];
  snprintf(dir, sizeof dir, "%s.calendar", eng_db_path());
  CHECK_INT(mkdir(dir, 0700), 0);
  snprintf(cfg, sizeof cfg, ",\"calendar_dir\":\"%s\"", dir);
  od_engine *e = open_with(cfg);
  json_t *r = NULL;
  char c[64], it[80];
  /* in a year with data nothing is marked */
  CHECK_STATUS(intake(e, NULL, A_GULOU, "年中甲", pid(431), "gulou", "[\"dibao\"]", "", NULL, it), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, ",\"type\":\"distribute\"", &r), OD_OK);
  CHECK_STR(jstr(r, "notice.opinion_due"), "2026-03-05T23:59:59+08:00");
  CHECK_INT(jbool(r, "notice.opinion_due_provisional"), -1);
  json_decref(r);
  clock_set(e, "2026-12-30T09:00:00+08:00");
  CHECK_STATUS(intake(e, NULL, A_GULOU, "年末丙", pid(432), "gulou", "[\"dibao\"]", ",\"urgency\":\"emergency\"", c, it),
               OD_OK);
  CHECK_STATUS(item_op(e, "emergency.grant", A_GULOU, it, ",\"measures\":\"先行救助\"", &r), OD_OK);
  CHECK(jstr(r, "item.emergency.paperwork_due") != NULL);
  CHECK_INT(jbool(r, "item.emergency.paperwork_due_provisional"), 1);
  json_decref(r);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, ",\"type\":\"distribute\"", &r), OD_OK);
  CHECK_STR(jstr(r, "notice.opinion_due"), "2027-01-04T23:59:59+08:00");
  CHECK_INT(jbool(r, "notice.opinion_due_provisional"), 1);
  CHECK_INT(jbool(r, "item.notices[0].opinion_due_provisional"), 1);
  json_decref(r);
  CHECK_STATUS(item_op(e, "acknowledge", A_GULOU_OFF, it, "", NULL), OD_OK);
  CHECK_STATUS(item_op(e, "cooperation.request", A_GULOU_OFF, it, ",\"to\":[\"dept.health\"],\"question\":\"q\"", &r),
               OD_OK);
  CHECK_INT(jbool(r, "cooperations[0].due_provisional"), 1);
  json_decref(r);
  CHECK_STATUS(item_op(e, "decision.request", ACTOR("town.gulou.office", "head"), it, ",\"question\":\"q\"", &r), OD_OK);
  CHECK(jstr(r, "item.decision.due") != NULL);
  CHECK_INT(jbool(r, "item.decision.due_provisional"), 1);
  json_decref(r);
  /* reading says the same */
  r = get_case(e, c);
  CHECK_INT(jbool(r, "items[0].notices[0].opinion_due_provisional"), 1);
  CHECK_INT(jbool(r, "items[0].emergency.paperwork_due_provisional"), 1);
  json_decref(r);
  rmdir(dir);
  eng_close(e);
}

/* ---- edges ------------------------------------------------------------------------ */

/* A resident ID of this district born on `birth` (YYYYMMDD). */
static const char *id_born(const char *birth) {
  static char buf[24];
  char first17[18];
  snprintf(first17, sizeof first17, "371502%s001", birth);
  snprintf(buf, sizeof buf, "%s%c", first17, gb11643_check(first17));
  return buf;
}

void t_edges_refused(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  /* before: received_at 1900-01-01 created case C371502-1900-000001 */
  CHECK_ERR(intake(e, &r, A_GULOU, "边界甲", pid(431), "gulou", "[\"dibao\"]", ",\"received_at\":\"1900-01-01\"", NULL, NULL), r,
            OD_ERR_INVALID, "received_at");
  CHECK(strstr(jstr(r, "error.message"), "2025-01-01") != NULL);
  json_decref(r);
  CHECK_ERR(intake(e, &r, A_GULOU, "边界甲", pid(431), "gulou", "[\"dibao\"]", ",\"received_at\":\"2024-12-31T23:59:59+08:00\"",
                   NULL, NULL),
            r, OD_ERR_INVALID, "received_at");
  json_decref(r);
  CHECK_ERR(intake(e, &r, A_GULOU, "边界甲", pid(431), "gulou", "[\"dibao\"]", ",\"received_at\":\"2026-03-02T09:01:30+08:00\"",
                   NULL, NULL),
            r, OD_ERR_INVALID, "received_at");
  json_decref(r);
  CHECK_STATUS(intake(e, NULL, A_GULOU, "边界甲", pid(431), "gulou", "[\"dibao\"]", ",\"received_at\":\"2026-03-02T09:00:50+08:00\"",
                      NULL, NULL),
               OD_OK);
  /* before: IDs born in 2199 were accepted */
  CHECK_ERR(intake(e, &r, A_GULOU, "边界乙", id_born("21990101"), "gulou", "[\"dibao\"]", "", NULL, NULL), r, OD_ERR_INVALID,
            "applicant.id_number");
  CHECK(strstr(jstr(r, "error.message"), "future") != NULL);
  json_decref(r);
  CHECK_ERR(intake(e, &r, A_GULOU, "边界乙", id_born("20260303"), "gulou", "[\"dibao\"]", "", NULL, NULL), r, OD_ERR_INVALID,
            "applicant.id_number");
  json_decref(r);
  CHECK_ERR(intake(e, &r, A_GULOU, "边界乙", id_born("18991231"), "gulou", "[\"dibao\"]", "", NULL, NULL), r, OD_ERR_INVALID,
            "applicant.id_number");
  json_decref(r);
  char hh[200];
  snprintf(hh, sizeof hh, ",\"household\":[{\"name\":\"新生儿\",\"id_number\":\"%s\",\"relation\":\"child\"}]", id_born("20260302"));
  CHECK_STATUS(intake(e, NULL, A_GULOU, "边界丙", pid(432), "gulou", "[\"dibao\"]", hh, c, it), OD_OK); /* born today */
  snprintf(hh, sizeof hh, ",\"household\":[{\"name\":\"未生\",\"id_number\":\"%s\"}]", id_born("20270101"));
  CHECK_ERR(intake(e, &r, A_GULOU, "边界丁", pid(433), "gulou", "[\"dibao\"]", hh, NULL, NULL), r, OD_ERR_INVALID,
            "household[0].id_number");
  json_decref(r);
  /* before: item.add of an open need merged again and again (410 KB after 1,000 calls) */
  int events = count_events(e, c);
  for (int i = 0; i < 3; ++i) {
    CHECK_ERR(callf(e, "item.add", &r, "{%s,\"case_id\":\"%s\",\"category\":\"tekun\"}", A_GULOU, c), r, OD_ERR_CONFLICT,
              "category");
    json_decref(r);
  }
  CHECK_INT(count_events(e, c), events);
  r = get_case(e, c);
  CHECK_INT(jlen(r, "items"), 1);
  json_decref(r);
  eng_close(e);
}

void t_items_per_case_limit(void) {
  /* the sample district with a limit of 2 items per case, given inline */
  json_error_t jerr;
  json_t *district = json_load_file(SAMPLE_DISTRICT, 0, &jerr);
  CHECK(district != NULL);
  json_object_set_new(district, "max_items_per_case", json_integer(2));
  char *dtext = json_dumps(district, JSON_COMPACT);
  json_decref(district);
  size_t n = strlen(dtext) + 64;
  char *extra = malloc(n);
  snprintf(extra, n, ",\"district\":%s", dtext);
  free(dtext);
  od_close(eng_open());
  char cfg[200000];
  snprintf(cfg, sizeof cfg, "{\"database\":%s,\"clock\":\"manual\",\"clock_start\":\"" T0 "\",\"delivery\":{\"workers\":0}%s}",
           eng_db_json(), extra);
  free(extra);
  od_engine *e = NULL;
  char *err = NULL;
  CHECK_STATUS(od_open(cfg, &e, &err), OD_OK);
  od_free(err);
  json_t *r = NULL;
  char c[64];
  CHECK_ERR(intake(e, &r, A_GULOU, "上限甲", pid(441), "gulou", "[\"dibao\",\"education\",\"housing\"]", "", NULL, NULL), r,
            OD_ERR_TOO_LARGE, "categories");
  json_decref(r);
  CHECK_STATUS(intake(e, NULL, A_GULOU, "上限甲", pid(441), "gulou", "[\"dibao\",\"education\"]", "", c, NULL), OD_OK);
  int events = count_events(e, c);
  CHECK_ERR(callf(e, "item.add", &r, "{%s,\"case_id\":\"%s\",\"category\":\"housing\"}", A_GULOU, c), r, OD_ERR_TOO_LARGE,
            "category");
  CHECK(strstr(jstr(r, "error.message"), "max_items_per_case") != NULL);
  json_decref(r);
  CHECK_INT(count_events(e, c), events);
  eng_close(e);
}

void t_duplicate_keys(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  /* before: "actor" given twice took the second */
  CHECK_ERR(call_raw(e, "case.list", &r,
                     "{\"actor\":{\"officer\":\"a\",\"unit\":\"town.liuyuan\",\"role\":\"officer\"},"
                     "\"actor\":{\"officer\":\"b\",\"unit\":\"district\",\"role\":\"officer\"}}"),
            r, OD_ERR_INVALID, "actor");
  CHECK(strstr(jstr(r, "error.message"), "twice") != NULL);
  json_decref(r);
  CHECK_ERR(call_raw(e, "intake", &r,
                     "{" A_GULOU ",\"applicant\":{\"name\":\"甲\",\"name\":\"乙\",\"id_number\":\"371502198001010018\","
                     "\"hukou_town\":\"gulou\"},\"hardship\":\"x\",\"categories\":[\"dibao\"]}"),
            r, OD_ERR_INVALID, "applicant.name");
  json_decref(r);
  CHECK_ERR(call_raw(e, "intake", &r,
                     "{" A_GULOU ",\"applicant\":{\"name\":\"甲\",\"id_number\":\"371502198001010018\",\"hukou_town\":\"gulou\"},"
                     "\"household\":[{\"name\":\"a\",\"id_number\":\"x\"},{\"relation\":\"a\",\"relation\":\"b\"}],"
                     "\"hardship\":\"x\",\"categories\":[\"dibao\"]}"),
            r, OD_ERR_INVALID, "household[1].relation");
  json_decref(r);
  /* an escaped spelling is the same key */
  CHECK_ERR(call_raw(e, "case.get", &r, "{" A_DISTRICT ",\"case_id\":\"a\",\"case\\u005fid\":\"b\"}"), r, OD_ERR_INVALID,
            "case_id");
  json_decref(r);
  /* the same key in different objects is fine ("unit" in the actor and as a filter) ... */
  CHECK_STATUS(call_raw(e, "case.list", NULL, "{" A_DISTRICT ",\"unit\":\"district\"}"), OD_OK);
  /* ... and a field the operation does not declare is refused, naming it */
  CHECK_ERR(call_raw(e, "case.list", &r, "{" A_DISTRICT ",\"x\":{\"a\":1}}"), r, OD_ERR_INVALID, "x");
  json_decref(r);
  CHECK_INT(count_cases(e), 0);
  eng_close(e);
  /* configuration: the engine's and the district file's */
  od_engine *x = NULL;
  char *err = NULL;
  CHECK_STATUS(od_open("{\"database\":\"/tmp/a.db\",\"database\":\"/tmp/b.db\",\"district_file\":\"x\"}", &x, &err), OD_ERR_CONFIG);
  CHECK(err && strstr(err, "database") != NULL);
  od_free(err);
  err = NULL;
  od_close(eng_open());
  char path[400], cfg[4096];
  snprintf(path, sizeof path, "%s.district.json", eng_db_path());
  FILE *f = fopen(path, "w");
  fputs("{\"code\":\"371502\",\"code\":\"371503\",\"name\":\"x\"}", f);
  fclose(f);
  snprintf(cfg, sizeof cfg, "{\"database\":%s,\"district_file\":\"%s\"}", eng_db_json(), path);
  CHECK_STATUS(od_open(cfg, &x, &err), OD_ERR_CONFIG);
  CHECK(err && strstr(err, "district.code") != NULL);
  od_free(err);
  unlink(path);
  eng_close(NULL);
}
