/* Feedback outcomes and closing, archive immutability and the case file, overdue
 * listing across holidays, case.list filters and pagination, statistics and the
 * masked public disclosure. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define DISTRIBUTE ",\"type\":\"distribute\""

/* intake, distribute, acknowledge: the item is being handled at the town office */
static void handled_item(od_engine *e, const char *name, int n, const char *cats, char *c, char *it) {
  CHECK_STATUS(intake(e, NULL, A_GULOU, name, pid(n), "gulou", cats, "", c, it), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, DISTRIBUTE, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "acknowledge", A_GULOU_OFF, it, "", NULL), OD_OK);
}

static int list_count(od_engine *e, const char *filter) {
  json_t *r = NULL;
  int st = callf(e, "case.list", &r, "{%s%s}", A_DISTRICT, filter);
  CHECK_STATUS(st, OD_OK);
  int n = (int)jlen(r, "cases");
  json_decref(r);
  return n;
}

static int list_has(od_engine *e, const char *filter, const char *case_id) {
  json_t *r = NULL;
  callf(e, "case.list", &r, "{%s%s,\"limit\":500}", A_DISTRICT, filter);
  int found = jhas(r, "cases", "id", case_id);
  json_decref(r);
  return found;
}

void t_outcomes_and_closing(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, &r, A_GULOU, "两项申请", pid(50), "gulou", "[\"dibao\",\"medical\"]", "", c, it), OD_OK);
  char it2[80];
  snprintf(it2, sizeof it2, "%s", jstr(r, "items[1].id") ? jstr(r, "items[1].id") : "");
  CHECK_STR(jstr(r, "items[1].category"), "medical");
  json_decref(r);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, DISTRIBUTE, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it2, DISTRIBUTE, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "opinion", A_GULOU_OFF, it, ",\"opinion\":\"收入超标\"", NULL), OD_OK);
  CHECK_STATUS(item_op(e, "acknowledge", A_GULOU_OFF, it2, "", NULL), OD_OK);

  /* feedback must be signed and sealed, told at a real moment by a real channel */
  char now[64];
  snprintf(now, sizeof now, "%s", now_text(e));
  CHECK_ERR(callf(e, "feedback", &r,
                  "{%s,\"item_id\":\"%s\",\"outcome\":\"refused\",\"told_at\":\"%s\",\"channel\":\"phone\",\"seal\":\"S\"}",
                  A_GULOU_HEAD, it, now),
            r, OD_ERR_INVALID, "signer");
  json_decref(r);
  CHECK_ERR(callf(e, "feedback", &r,
                  "{%s,\"item_id\":\"%s\",\"outcome\":\"refused\",\"told_at\":\"%s\",\"channel\":\"phone\",\"signer\":\"S\"}",
                  A_GULOU_HEAD, it, now),
            r, OD_ERR_INVALID, "seal");
  json_decref(r);
  CHECK_ERR(callf(e, "feedback", &r,
                  "{%s,\"item_id\":\"%s\",\"outcome\":\"refused\",\"told_at\":\"2026-03-09T09:00:00+08:00\","
                  "\"channel\":\"phone\",\"signer\":\"S\",\"seal\":\"S\"}",
                  A_GULOU_HEAD, it),
            r, OD_ERR_INVALID, "told_at");
  json_decref(r);
  CHECK_ERR(callf(e, "feedback", &r,
                  "{%s,\"item_id\":\"%s\",\"outcome\":\"refused\",\"told_at\":\"%s\",\"channel\":\"fax\",\"signer\":\"S\","
                  "\"seal\":\"S\"}",
                  A_GULOU_HEAD, it, now),
            r, OD_ERR_INVALID, "channel");
  json_decref(r);
  CHECK_ERR(callf(e, "feedback", &r,
                  "{%s,\"item_id\":\"%s\",\"outcome\":\"granted\",\"told_at\":\"%s\",\"channel\":\"phone\",\"signer\":\"S\","
                  "\"seal\":\"S\"}",
                  A_GULOU_HEAD, it, now),
            r, OD_ERR_INVALID, "measures");
  json_decref(r);
  CHECK_ERR(callf(e, "feedback", &r,
                  "{%s,\"item_id\":\"%s\",\"outcome\":\"merged\",\"told_at\":\"%s\",\"channel\":\"phone\",\"signer\":\"S\","
                  "\"seal\":\"S\"}",
                  A_GULOU_HEAD, it, now),
            r, OD_ERR_INVALID, "outcome");
  json_decref(r);

  CHECK_STATUS(feedback_outcome(e, A_GULOU_OFF, it, "refused", &r), OD_OK);
  CHECK_STR(jstr(r, "item.outcome"), "refused");
  CHECK_STR(jstr(r, "case_state"), "open"); /* the medical item is still open */
  CHECK(jstr(r, "item.valid_until") == NULL);
  json_decref(r);
  CHECK_ERR(feedback_outcome(e, A_GULOU_OFF, it, "granted", &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);
  CHECK_INT(list_has(e, ",\"state\":\"open\"", c), 1);
  CHECK_INT(list_has(e, ",\"state\":\"closed\"", c), 0);
  CHECK_STATUS(feedback_granted(e, A_GULOU_OFF, it2, &r), OD_OK);
  CHECK_STR(jstr(r, "case_state"), "closed");
  json_decref(r);
  /* "closed" is a state, "granted" / "refused" are outcomes; both filter */
  CHECK_INT(list_has(e, ",\"state\":\"closed\"", c), 1);
  CHECK_INT(list_has(e, ",\"state\":\"open\"", c), 0);
  CHECK_INT(list_has(e, ",\"outcome\":\"granted\"", c), 1);
  CHECK_INT(list_has(e, ",\"outcome\":\"refused\"", c), 1);
  CHECK_INT(list_has(e, ",\"outcome\":\"withdrawn\"", c), 0);
  CHECK_INT(list_has(e, ",\"state\":\"closed\",\"outcome\":\"granted\"", c), 1);
  CHECK_INT(list_has(e, ",\"category\":\"medical\"", c), 1);
  CHECK_INT(list_has(e, ",\"category\":\"housing\"", c), 0);
  CHECK_INT(list_has(e, ",\"town\":\"gulou\"", c), 1);
  CHECK_INT(list_has(e, ",\"town\":\"liuyuan\"", c), 0);
  CHECK_INT(list_has(e, ",\"unit\":\"town.gulou.office\"", c), 1);
  CHECK_INT(list_has(e, ",\"unit\":\"dept.housing\"", c), 0);
  char f[128];
  snprintf(f, sizeof f, ",\"applicant_id\":\"%s\"", pid(50));
  CHECK_INT(list_has(e, f, c), 1);
  snprintf(f, sizeof f, ",\"applicant_id\":\"%s\"", pid(51));
  CHECK_INT(list_has(e, f, c), 0);
  CHECK_ERR(callf(e, "case.list", &r, "{%s,\"state\":\"granted\"}", A_DISTRICT), r, OD_ERR_INVALID, "state");
  json_decref(r);
  CHECK_ERR(callf(e, "case.list", &r, "{%s,\"outcome\":\"closed\"}", A_DISTRICT), r, OD_ERR_INVALID, "outcome");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.list", &r, "{%s,\"outcome\":\"granted\"}", A_DISTRICT), OD_OK);
  json_t *row = jfind(r, "cases", "id", c);
  CHECK_STR(jstr(row, "state"), "closed");
  CHECK_STR(jstr(jfind(row, "items", "category", "dibao"), "outcome"), "refused");
  CHECK_STR(jstr(jfind(row, "items", "category", "medical"), "outcome"), "granted");
  json_decref(r);

  /* withdrawn at the window before routing: no signature needed, the case closes */
  char cw[64], iw[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "撤回申请", pid(51), "gulou", "[\"temporary\"]", "", cw, iw), OD_OK);
  CHECK_STATUS(callf(e, "feedback", &r,
                     "{%s,\"item_id\":\"%s\",\"outcome\":\"withdrawn\",\"told_at\":\"%s\",\"channel\":\"in_person\","
                     "\"note\":\"申请人主动撤回\"}",
                     A_GULOU, iw, now),
               OD_OK);
  CHECK_STR(jstr(r, "item.outcome"), "withdrawn");
  CHECK_STR(jstr(r, "case_state"), "closed");
  json_decref(r);
  CHECK_INT(list_has(e, ",\"outcome\":\"withdrawn\"", cw), 1);
  CHECK_INT(list_has(e, ",\"outcome\":\"granted\"", cw), 0);
  /* a closed case takes no new item */
  CHECK_ERR(callf(e, "item.add", &r, "{%s,\"case_id\":\"%s\",\"category\":\"medical\"}", A_GULOU, cw), r, OD_ERR_CONFLICT,
            "case_id");
  json_decref(r);
  eng_close(e);
}

void t_archive_immutable(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  handled_item(e, "归档对象", 52, "[\"dibao\"]", c, it);
  CHECK_ERR(callf(e, "archive", &r, "{%s,\"case_id\":\"%s\"}", A_GULOU, c), r, OD_ERR_CONFLICT, "case_id"); /* open */
  json_decref(r);
  CHECK_STATUS(callf(e, "clock.advance", NULL, "{\"hours\":1}"), OD_OK);
  CHECK_STATUS(item_op(e, "opinion", A_GULOU_OFF, it, ",\"opinion\":\"符合条件\"", NULL), OD_OK);
  CHECK_STATUS(callf(e, "clock.advance", NULL, "{\"hours\":1}"), OD_OK);
  CHECK_STATUS(feedback_granted(e, A_GULOU_OFF, it, NULL), OD_OK);
  CHECK_ERR(callf(e, "archive", &r, "{%s,\"case_id\":\"%s\"}", A_GULOU_OFF, c), r, OD_ERR_FORBIDDEN, "actor.unit");
  json_decref(r);
  CHECK_STATUS(callf(e, "clock.advance", NULL, "{\"days\":1}"), OD_OK);
  CHECK_STATUS(callf(e, "archive", &r, "{%s,\"case_id\":\"%s\",\"summary\":\"低保申请1件，准予，材料3份\"}", A_GULOU, c), OD_OK);
  CHECK_STR(jstr(r, "state"), "archived");
  CHECK_STR(jstr(r, "archived_at"), "2026-03-03T11:00:00+08:00");
  CHECK_STR(jstr(r, "archive_summary"), "低保申请1件，准予，材料3份");
  CHECK_INT(jlen(r, "obligations"), 0);
  json_decref(r);
  int events = count_events(e, c);
  CHECK(events >= 9);

  /* every write op is refused with ARCHIVED and changes nothing */
  struct {
    const char *op;
    const char *actor;
    const char *extra;
    int by_case;
  } writes[] = {
      {"item.add", A_SUPER, ",\"category\":\"medical\"", 1},
      {"inquiry.answer", A_GULOU, ",\"reply\":\"x\",\"channel\":\"phone\"", 1},
      {"archive", A_GULOU, "", 1},
      {"archive", A_SUPER, "", 1},
      {"route", A_GULOU_OFF, DISTRIBUTE, 0},
      {"acknowledge", A_GULOU_OFF, "", 0},
      {"opinion", A_GULOU_OFF, ",\"opinion\":\"x\"", 0},
      {"material.request", A_GULOU_OFF, ",\"what\":\"x\"", 0},
      {"material.receive", A_GULOU_OFF, "", 0},
      {"emergency.grant", A_GULOU, ",\"measures\":\"x\"", 0},
      {"paperwork.complete", A_GULOU, "", 0},
      {"decision.request", A_GULOU_HEAD, ",\"question\":\"x\"", 0},
      {"decision.record", A_SUPER, ",\"decision\":\"x\"", 0},
      {"feedback", A_GULOU_HEAD,
       ",\"outcome\":\"granted\",\"measures\":\"x\",\"told_at\":\"" T0 "\",\"channel\":\"phone\",\"signer\":\"s\",\"seal\":\"s\"", 0},
  };
  for (size_t i = 0; i < sizeof writes / sizeof writes[0]; ++i) {
    int st;
    if (writes[i].by_case)
      st = callf(e, writes[i].op, &r, "{%s,\"case_id\":\"%s\"%s}", writes[i].actor, c, writes[i].extra);
    else
      st = item_op(e, writes[i].op, writes[i].actor, it, writes[i].extra, &r);
    if (st != OD_ERR_ARCHIVED) fprintf(stderr, "      (operation %s)\n", writes[i].op);
    CHECK_ERR(st, r, OD_ERR_ARCHIVED, writes[i].by_case ? "case_id" : "item_id");
    json_decref(r);
  }
  CHECK_INT(count_events(e, c), events);

  /* reading is still allowed; the file is complete and in order */
  r = get_case(e, c);
  CHECK_STR(jstr(r, "state"), "archived");
  CHECK_STR(jstr(r, "items[0].outcome"), "granted");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_GULOU, c), OD_OK);
  CHECK_STR(jstr(r, "case.state"), "archived");
  CHECK_INT(jlen(r, "documents"), 3);
  CHECK_STR(jstr(r, "documents[0].type"), "application");
  CHECK_STR(jstr(r, "documents[0].title"), "社会救助申请登记");
  CHECK_STR(jstr(r, "documents[0].at"), T0);
  CHECK_STR(jstr(r, "documents[0].window"), "town.gulou");
  CHECK_STR(jstr(r, "documents[1].type"), "notice");
  CHECK_STR(jstr(r, "documents[1].number"), "DST-2026-000001");
  CHECK_STR(jstr(r, "documents[1].title"), "救助事项分办通知单");
  CHECK_STR(jstr(r, "documents[2].type"), "feedback");
  CHECK_STR(jstr(r, "documents[2].outcome"), "granted");
  CHECK_STR(jstr(r, "documents[2].signer"), "单位负责人甲");
  CHECK_STR(jstr(r, "documents[2].seal"), "SEAL-001");
  const char *want[] = {"received",          "item_registered", "notice_issued", "acknowledged", "opinion_given",
                        "feedback_recorded", "reported_to_window", "case_closed", "archived"};
  size_t n = jlen(r, "events");
  CHECK_INT(n, sizeof want / sizeof want[0]);
  long long prev_seq = -1;
  const char *prev_at = "";
  for (size_t i = 0; i < n; ++i) {
    char p[64];
    snprintf(p, sizeof p, "events[%zu]", i);
    json_t *ev = jget(r, p);
    if (i < sizeof want / sizeof want[0]) CHECK_STR(jstr(ev, "type"), want[i]);
    CHECK(jint(ev, "seq") > prev_seq);
    prev_seq = jint(ev, "seq");
    const char *at = jstr(ev, "at");
    CHECK(at && strcmp(at, prev_at) >= 0); /* same offset everywhere: text order is time order */
    prev_at = at ? at : prev_at;
    CHECK(jstr(ev, "actor.unit") != NULL);
  }
  CHECK_STR(jstr(jfind(r, "events", "type", "archived"), "data.summary"), "低保申请1件，准予，材料3份");
  CHECK_STR(jstr(jfind(r, "events", "type", "feedback_recorded"), "actor.unit"), "town.gulou.office");
  json_decref(r);
  CHECK_INT(list_has(e, ",\"state\":\"archived\"", c), 1);
  CHECK_INT(list_has(e, ",\"state\":\"closed\"", c), 0);
  /* archived survives a reopen, still immutable */
  e = eng_reopen(e);
  CHECK_ERR(item_op(e, "opinion", A_GULOU_OFF, it, ",\"opinion\":\"x\"", &r), r, OD_ERR_ARCHIVED, "item_id");
  json_decref(r);
  CHECK_INT(count_events(e, c), events);
  eng_close(e);
}

void t_overdue_across_qingming(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  clock_set(e, "2026-04-02T10:00:00+08:00"); /* Thursday; 4-6 April is Qingming */
  CHECK_STATUS(intake(e, NULL, A_GULOU, "清明前", pid(53), "gulou", "[\"dibao\"]", "", c, it), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, DISTRIBUTE, &r), OD_OK);
  CHECK_STR(jstr(r, "notice.opinion_due"), "2026-04-08T23:59:59+08:00");
  json_decref(r);
  /* Tuesday 7 April: 5 calendar days later but only 2 working days */
  clock_set(e, "2026-04-07T10:00:00+08:00");
  CHECK_STATUS(callf(e, "due.list", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 0);
  CHECK(jhas(r, "due", "kind", "opinion"));
  CHECK_STR(jstr(r, "at"), "2026-04-07T10:00:00+08:00");
  json_decref(r);
  CHECK_INT(list_count(e, ",\"overdue\":true"), 0);
  /* asking about a moment: the last second of 8 April is still in time, the next is not */
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"at\":\"2026-04-08T23:59:59+08:00\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 0);
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"at\":\"2026-04-08T16:00:00Z\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 1);
  json_decref(r);
  /* just after midnight on 9 April */
  clock_set(e, "2026-04-09T00:30:00+08:00");
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"overdue\":true}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 1);
  CHECK_INT(jlen(r, "due"), 0);
  CHECK_STR(jstr(r, "overdue[0].kind"), "opinion");
  CHECK_STR(jstr(r, "overdue[0].unit"), "town.gulou.office");
  CHECK_STR(jstr(r, "overdue[0].item_id"), it);
  CHECK_STR(jstr(r, "overdue[0].due"), "2026-04-08T23:59:59+08:00");
  CHECK_INT(jbool(r, "overdue[0].overdue"), 1);
  CHECK_INT(jint(json_object_get(jget(r, "units"), "town.gulou.office"), "overdue"), 1);
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"unit\":\"town.gulou.office\"}", A_GULOU_OFF), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 1);
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"unit\":\"dept.civil\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 0);
  json_decref(r);
  CHECK_INT(list_count(e, ",\"overdue\":true"), 1);
  CHECK_STATUS(callf(e, "stats", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jint(r, "overdue_items"), 1);
  json_decref(r);
  /* the missed opinion deadline is recorded as a late opinion; the answer itself is
   * within its own deadline (3 working days after the opinion was due: 13 April) */
  CHECK_STATUS(item_op(e, "acknowledge", A_GULOU_OFF, it, "", NULL), OD_OK);
  CHECK_STATUS(feedback_granted(e, A_GULOU_OFF, it, &r), OD_OK);
  CHECK_INT(jbool(r, "late"), 0);
  CHECK_INT(jbool(r, "item.opinion_late"), 1);
  json_decref(r);
  CHECK_STATUS(callf(e, "stats", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jint(r, "opinions_late"), 1);
  CHECK_INT(jint(r, "answered_late"), 0);
  CHECK_INT(jint(r, "answered_on_time"), 1);
  CHECK_INT(jint(r, "overdue_items"), 0);
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 0);
  json_decref(r);
  eng_close(e);
}

void t_overdue_across_national_day(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  clock_set(e, "2026-09-30T16:00:00+08:00"); /* the afternoon before National Day */
  CHECK_STATUS(intake(e, NULL, A_GULOU, "国庆前", pid(54), "gulou", "[\"medical\"]", "", c, it), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, DISTRIBUTE, &r), OD_OK);
  /* 8 Oct, 9 Oct, and Saturday 10 Oct (an adjusted working day) */
  CHECK_STR(jstr(r, "notice.opinion_due"), "2026-10-10T23:59:59+08:00");
  json_decref(r);
  CHECK_STATUS(callf(e, "clock.advance", &r, "{\"days\":9}"), OD_OK);
  CHECK_STR(jstr(r, "now"), "2026-10-09T16:00:00+08:00");
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"overdue\":true}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 0);
  json_decref(r);
  CHECK_STATUS(callf(e, "clock.advance", &r, "{\"working_days\":1}"), OD_OK);
  CHECK_STR(jstr(r, "now"), "2026-10-10T16:00:00+08:00");
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"overdue\":true}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 0);
  json_decref(r);
  CHECK_STATUS(callf(e, "clock.advance", &r, "{\"hours\":8,\"minutes\":1}"), OD_OK);
  CHECK_STR(jstr(r, "now"), "2026-10-11T00:01:00+08:00");
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"overdue\":true}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 1);
  CHECK_STR(jstr(r, "overdue[0].kind"), "opinion");
  json_decref(r);
  /* the clock cannot be moved by a bad request */
  CHECK_ERR(callf(e, "clock.set", &r, "{\"at\":\"tomorrow\"}"), r, OD_ERR_INVALID, "at");
  json_decref(r);
  CHECK_ERR(callf(e, "clock.advance", &r, "{\"days\":-1}"), r, OD_ERR_INVALID, "days");
  json_decref(r);
  CHECK_STR(now_text(e), "2026-10-11T00:01:00+08:00");
  eng_close(e);
}

void t_pagination(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char ids[7][64];
  for (int i = 0; i < 7; ++i) {
    CHECK_STATUS(intake(e, NULL, i % 2 ? A_GULOU : A_DISTRICT, "分页测试", pid(60 + i), i % 2 ? "gulou" : "liuyuan",
                        "[\"medical\"]", "", ids[i], NULL),
                 OD_OK);
  }
  /* the whole list, in order of receipt */
  CHECK_STATUS(callf(e, "case.list", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "cases"), 7);
  CHECK_INT(jint(r, "count"), 7);
  for (int i = 0; i < 7; ++i) {
    char p[32];
    snprintf(p, sizeof p, "cases[%d].id", i);
    CHECK_STR(jstr(r, p), ids[i]);
  }
  CHECK(jget(r, "next") == NULL);
  json_decref(r);
  /* pages of 3: 3 + 3 + 1, no overlap, no gap, same order */
  long long after = 0, prev_seq = 0;
  int seen = 0, pages = 0;
  for (;;) {
    CHECK_STATUS(callf(e, "case.list", &r, "{%s,\"limit\":3,\"after\":%lld}", A_DISTRICT, after), OD_OK);
    size_t n = jlen(r, "cases");
    for (size_t i = 0; i < n; ++i) {
      char p[32];
      snprintf(p, sizeof p, "cases[%zu]", i);
      json_t *row = jget(r, p);
      CHECK(seen < 7);
      if (seen < 7) CHECK_STR(jstr(row, "id"), ids[seen]);
      CHECK(jint(row, "seq") > prev_seq);
      prev_seq = jint(row, "seq");
      ++seen;
    }
    ++pages;
    json_t *next = jget(r, "next");
    if (n == 3) CHECK(json_is_integer(next));
    else CHECK(next == NULL);
    after = json_is_integer(next) ? json_integer_value(next) : 0;
    json_decref(r);
    if (!after || pages > 5) break;
  }
  CHECK_INT(seen, 7);
  CHECK(pages == 3 || pages == 4); /* a full last page may be followed by an empty one */
  /* a filtered listing pages the same way */
  CHECK_STATUS(callf(e, "case.list", &r, "{%s,\"town\":\"gulou\",\"limit\":2}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "cases"), 2);
  CHECK_STR(jstr(r, "cases[0].id"), ids[1]);
  CHECK_STR(jstr(r, "cases[1].id"), ids[3]);
  after = jint(r, "next");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.list", &r, "{%s,\"town\":\"gulou\",\"limit\":2,\"after\":%lld}", A_DISTRICT, after), OD_OK);
  CHECK_INT(jlen(r, "cases"), 1);
  CHECK_STR(jstr(r, "cases[0].id"), ids[5]);
  json_decref(r);
  /* a town sees its own, in the same order */
  CHECK_STATUS(callf(e, "case.list", &r, "{%s}", A_LIUYUAN), OD_OK);
  CHECK_INT(jlen(r, "cases"), 4);
  CHECK_STR(jstr(r, "cases[0].id"), ids[0]);
  CHECK_STR(jstr(r, "cases[3].id"), ids[6]);
  json_decref(r);
  CHECK_ERR(callf(e, "case.list", &r, "{%s,\"limit\":0}", A_DISTRICT), r, OD_ERR_INVALID, "limit");
  json_decref(r);
  CHECK_ERR(callf(e, "case.list", &r, "{%s,\"limit\":501}", A_DISTRICT), r, OD_ERR_INVALID, "limit");
  json_decref(r);
  CHECK_ERR(callf(e, "case.list", &r, "{%s,\"after\":-1}", A_DISTRICT), r, OD_ERR_INVALID, "after");
  json_decref(r);
  eng_close(e);
}

void t_stats_and_disclosure(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c1[64], i1[80], c2[64], i2[80], c3[64], i3[80];
  char hh[200];
  snprintf(hh, sizeof hh, ",\"household\":[{\"name\":\"王小红\",\"id_number\":\"%s\",\"relation\":\"child\"}]", pid(71));
  CHECK_STATUS(intake(e, NULL, A_GULOU, "王小明", pid(70), "gulou", "[\"dibao\"]", hh, c1, i1), OD_OK);
  CHECK_STATUS(intake(e, NULL, A_HOUYING, "李四", pid(72), "houying", "[\"medical\"]", "", c2, i2), OD_OK);
  CHECK_STATUS(intake(e, NULL, A_GULOU, "欧阳小明", pid(73), "gulou", "[\"temporary\"]", "", c3, i3), OD_OK);
  /* a duplicate (household member, same need) */
  CHECK_STATUS(intake(e, NULL, A_GULOU, "王小红", pid(71), "gulou", "[\"tekun\"]", "", NULL, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, i1, DISTRIBUTE, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "acknowledge", A_GULOU_OFF, i1, "", NULL), OD_OK);
  CHECK_STATUS(feedback_granted(e, A_GULOU_OFF, i1, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_HOUYING, i2, DISTRIBUTE, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "acknowledge", A_HOUYING_OFF, i2, "", NULL), OD_OK);
  CHECK_STATUS(feedback_granted(e, A_HOUYING_OFF, i2, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, i3, DISTRIBUTE, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "acknowledge", A_GULOU_OFF, i3, "", NULL), OD_OK);
  CHECK_STATUS(feedback_outcome(e, A_GULOU_OFF, i3, "refused", NULL), OD_OK);

  CHECK_STATUS(callf(e, "stats", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jint(r, "cases"), 4);
  CHECK_INT(jint(r, "items"), 4);
  CHECK_INT(jint(r, "open_items"), 0);
  CHECK_INT(jint(r, "duplicates_caught"), 1);
  CHECK_INT(jint(r, "answered_on_time"), 3);
  CHECK_INT(jint(r, "answered_late"), 0);
  CHECK_INT(jint(r, "by.town.gulou"), 3);
  CHECK_INT(jint(r, "by.town.houying"), 1);
  CHECK_INT(jint(r, "by.category.dibao"), 1);
  CHECK_INT(jint(r, "by.category.medical"), 1);
  CHECK_INT(jint(r, "by.outcome.granted"), 2);
  CHECK_INT(jint(r, "by.outcome.refused"), 1);
  CHECK_INT(jint(r, "by.outcome.merged"), 1);
  CHECK_INT(jint(r, "by.state.closed"), 4);
  CHECK_INT(jint(json_object_get(jget(r, "by.department"), "dept.civil"), ""), 4);
  CHECK_INT(jint(json_object_get(jget(r, "by.window"), "town.gulou"), ""), 3);
  json_decref(r);
  /* a town's statistics cover its own cases */
  CHECK_STATUS(callf(e, "stats", &r, "{%s}", A_HOUYING), OD_OK);
  CHECK_INT(jint(r, "cases"), 1);
  json_decref(r);
  /* a period with nothing in it */
  CHECK_STATUS(callf(e, "stats", &r, "{%s,\"from\":\"2026-05-01\",\"to\":\"2026-06-01\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jint(r, "cases"), 0);
  json_decref(r);

  CHECK_STATUS(callf(e, "disclosure", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jint(r, "count"), 2);
  CHECK_STR(jstr(r, "district"), "东昌府区");
  json_t *wang = jfind(r, "rows", "town", "古楼街道");
  CHECK(wang != NULL);
  CHECK_STR(jstr(wang, "name"), "王*明");
  char masked[32];
  snprintf(masked, sizeof masked, "371502********%s", pid(70) + 14);
  CHECK_STR(jstr(wang, "id_number"), masked);
  CHECK_STR(jstr(wang, "category"), "最低生活保障");
  CHECK_INT(jint(wang, "household_size"), 2);
  CHECK_INT(jint(wang, "amount"), 600);
  CHECK_STR(jstr(wang, "granted_on"), "2026-03-02");
  json_t *li = jfind(r, "rows", "town", "侯营镇");
  CHECK_STR(jstr(li, "name"), "李*");
  CHECK_STR(jstr(li, "category"), "医疗救助");
  /* no personal data in the clear anywhere in the document */
  const char *text = last_response();
  CHECK(strstr(text, pid(70)) == NULL);
  CHECK(strstr(text, pid(71)) == NULL);
  CHECK(strstr(text, pid(72)) == NULL);
  CHECK(strstr(text, "王小明") == NULL);
  CHECK(strstr(text, "王小红") == NULL);
  CHECK(strstr(text, "李四") == NULL);
  CHECK(strstr(text, "欧阳") == NULL); /* refused: not disclosed at all */
  CHECK(strstr(text, "13800000001") == NULL);
  CHECK(strstr(text, "测试路") == NULL);
  CHECK(strstr(text, "19800") == NULL); /* birth dates */
  json_decref(r);
  CHECK_STATUS(callf(e, "disclosure", &r, "{%s,\"town\":\"houying\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jint(r, "count"), 1);
  json_decref(r);
  CHECK_ERR(callf(e, "disclosure", &r, "{%s,\"town\":\"atlantis\"}", A_DISTRICT), r, OD_ERR_INVALID, "town");
  json_decref(r);
  CHECK_STATUS(callf(e, "disclosure", &r, "{%s,\"from\":\"2026-03-03\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jint(r, "count"), 0);
  json_decref(r);
  eng_close(e);
}
