/* Bad input: every refusal has the right status, an error document naming the field,
 * and changes nothing (cases and events counted before and after). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static od_engine *E;
static char C[64], IT[80];

/* Runs one bad request and checks status, code, field, and that nothing changed. */
static void bad_(const char *op, const char *req, int want, const char *field, int check_field, const char *file, int line) {
  int cases0 = count_cases(E), events0 = count_events(E, C);
  json_t *r = NULL;
  int st = call_raw(E, op, &r, req);
  check_status_(st, want, op, file, line);
  check_str_(jstr(r, "error.code"), od_status_name(want), "error.code", file, line);
  check_int_(jint(r, "error.status"), want, "error.status", file, line);
  check_(jstr(r, "error.message") != NULL && strlen(jstr(r, "error.message")) > 0, "error.message", file, line);
  if (check_field) check_str_(jstr(r, "error.field"), field, "error.field", file, line);
  json_decref(r);
  check_int_(count_cases(E), cases0, "cases unchanged", file, line);
  check_int_(count_events(E, C), events0, "events unchanged", file, line);
}
#define BAD(op, req, want, field) bad_((op), (req), (want), (field), 1, __FILE__, __LINE__)
#define BAD_NOFIELD(op, req, want) bad_((op), (req), (want), NULL, 0, __FILE__, __LINE__)

static char buf[1 << 16];

/* An intake request with one piece replaced: applicant fields, categories, extra. */
static const char *intake_req(const char *applicant, const char *categories, const char *extra) {
  snprintf(buf, sizeof buf, "{%s,\"applicant\":%s,\"hardship\":\"生活困难\",\"categories\":%s%s}", A_GULOU, applicant,
           categories, extra);
  return buf;
}

static const char *app(const char *name, const char *id, const char *hukou) {
  static char a[4096];
  snprintf(a, sizeof a, "{\"name\":\"%s\",\"id_number\":\"%s\",\"hukou_town\":\"%s\"}", name, id, hukou);
  return a;
}

void t_bad_input(void) {
  E = eng_open();
  CHECK_STATUS(intake(E, NULL, A_GULOU, "基准案件", pid(80), "gulou", "[\"dibao\"]", "", C, IT), OD_OK);
  const char *good = pid(81);
  char wrong[19];
  snprintf(wrong, sizeof wrong, "%s", good);
  wrong[17] = wrong[17] == '0' ? '1' : '0';
  if (gb11643_check(wrong) == wrong[17]) wrong[17] = '2';

  /* malformed JSON and non-objects */
  BAD_NOFIELD("intake", "{\"actor\":", OD_ERR_INVALID);
  BAD_NOFIELD("intake", "{'actor':1}", OD_ERR_INVALID);
  BAD_NOFIELD("intake", "[]", OD_ERR_INVALID);
  BAD_NOFIELD("intake", "\"intake\"", OD_ERR_INVALID);
  BAD_NOFIELD("intake", "{} trailing", OD_ERR_INVALID);
  BAD_NOFIELD("case.list", "{\"actor\":{\"officer\":\"O\",\"unit\":\"district\",\"role\":\"officer\"},}", OD_ERR_INVALID);

  /* an empty text is not JSON (only a NULL request means {}) */
  BAD_NOFIELD("engine.status", "", OD_ERR_INVALID);
  BAD_NOFIELD("intake", "", OD_ERR_INVALID);

  /* the actor */
  BAD("intake", "{}", OD_ERR_INVALID, "actor");
  BAD("case.list", "{\"actor\":\"district\"}", OD_ERR_INVALID, "actor");
  BAD("case.list", "{\"actor\":{\"officer\":\"O\",\"unit\":\"ministry\",\"role\":\"officer\"}}", OD_ERR_INVALID, "actor.unit");
  BAD("case.list", "{\"actor\":{\"officer\":\"O\",\"unit\":\"district\",\"role\":\"boss\"}}", OD_ERR_INVALID, "actor.role");
  BAD("case.list", "{\"actor\":{\"unit\":\"district\",\"role\":\"officer\"}}", OD_ERR_INVALID, "actor.officer");
  BAD("case.list", "{\"actor\":{\"officer\":7,\"unit\":\"district\",\"role\":\"officer\"}}", OD_ERR_INVALID, "actor.officer");

  /* wrong types */
  BAD("intake", intake_req("{\"name\":123,\"id_number\":\"371502198001010011\",\"hukou_town\":\"gulou\"}", "[\"dibao\"]", ""),
      OD_ERR_INVALID, "applicant.name");
  BAD("intake", intake_req("\"王五\"", "[\"dibao\"]", ""), OD_ERR_INVALID, "applicant");
  BAD("intake", intake_req(app("王五", good, "gulou"), "\"dibao\"", ""), OD_ERR_INVALID, "categories");
  BAD("intake", intake_req(app("王五", good, "gulou"), "[1]", ""), OD_ERR_INVALID, "categories[0]");
  BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\"]", ",\"urgency\":\"panic\""), OD_ERR_INVALID, "urgency");
  BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\"]", ",\"urgency\":true"), OD_ERR_INVALID, "urgency");
  BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\"]", ",\"channel\":\"carrier_pigeon\""), OD_ERR_INVALID, "channel");
  BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\"]", ",\"received_at\":\"soon\""), OD_ERR_INVALID, "received_at");
  BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\"]", ",\"received_at\":\"2026-03-09T09:00:00+08:00\""),
      OD_ERR_INVALID, "received_at");
  BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\"]", ",\"household\":{}"), OD_ERR_INVALID, "household");
  BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\"]", ",\"household\":[\"张三\"]"), OD_ERR_INVALID, "household[0]");
  BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\"]", ",\"idempotency_key\":42"), OD_ERR_INVALID, "idempotency_key");
  snprintf(buf, sizeof buf, "{%s,\"hardship\":\"x\",\"categories\":[\"dibao\"]}", A_GULOU);
  BAD("intake", buf, OD_ERR_INVALID, "applicant");
  snprintf(buf, sizeof buf, "{%s,\"applicant\":%s,\"categories\":[\"dibao\"]}", A_GULOU, app("王五", good, "gulou"));
  BAD("intake", buf, OD_ERR_INVALID, "hardship");
  snprintf(buf, sizeof buf, "{%s,\"applicant\":%s,\"hardship\":\"\",\"categories\":[\"dibao\"]}", A_GULOU, app("王五", good, "gulou"));
  BAD("intake", buf, OD_ERR_INVALID, "hardship");
  snprintf(buf, sizeof buf, "{%s,\"limit\":\"5\"}", A_DISTRICT);
  BAD("case.list", buf, OD_ERR_INVALID, "limit");
  snprintf(buf, sizeof buf, "{%s,\"limit\":2.5}", A_DISTRICT);
  BAD("case.list", buf, OD_ERR_INVALID, "limit");
  snprintf(buf, sizeof buf, "{%s,\"overdue\":\"yes\"}", A_DISTRICT);
  BAD("case.list", buf, OD_ERR_INVALID, "overdue");
  snprintf(buf, sizeof buf, "{%s,\"case_id\":17}", A_DISTRICT);
  BAD("case.get", buf, OD_ERR_INVALID, "case_id");
  snprintf(buf, sizeof buf, "{%s}", A_DISTRICT);
  BAD("case.get", buf, OD_ERR_INVALID, "case_id");
  snprintf(buf, sizeof buf, "{%s,\"at\":\"noon\"}", A_DISTRICT);
  BAD("due.list", buf, OD_ERR_INVALID, "at");

  /* resident ID numbers */
  BAD("intake", intake_req(app("王五", wrong, "gulou"), "[\"dibao\"]", ""), OD_ERR_INVALID, "applicant.id_number");
  BAD("intake", intake_req(app("王五", "37150219800101001", "gulou"), "[\"dibao\"]", ""), OD_ERR_INVALID, "applicant.id_number");
  {
    char b[19];
    snprintf(b, sizeof b, "37150219800230%03d", 5); /* 30 February */
    b[17] = gb11643_check(b);
    b[18] = '\0';
    BAD("intake", intake_req(app("王五", b, "gulou"), "[\"dibao\"]", ""), OD_ERR_INVALID, "applicant.id_number");
  }
  BAD("intake", intake_req(app("王五", "", "gulou"), "[\"dibao\"]", ""), OD_ERR_INVALID, "applicant.id_number");
  {
    char extra[400];
    snprintf(extra, sizeof extra, ",\"household\":[{\"name\":\"甲\",\"id_number\":\"%s\"},{\"name\":\"乙\",\"id_number\":\"%s\"}]",
             pid(82), wrong);
    BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\"]", extra), OD_ERR_INVALID, "household[1].id_number");
    snprintf(extra, sizeof extra, ",\"household\":[{\"name\":\"甲\",\"id_number\":\"%s\"}]", good);
    BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\"]", extra), OD_ERR_INVALID, "household[0].id_number");
    snprintf(extra, sizeof extra, ",\"household\":[{\"id_number\":\"%s\"}]", pid(82));
    BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\"]", extra), OD_ERR_INVALID, "household[0].name");
  }
  {
    char a[512];
    snprintf(a, sizeof a, "{\"name\":\"王五\",\"id_number\":\"%s\",\"hukou_town\":\"gulou\",\"phone\":\"call-me\"}", good);
    BAD("intake", intake_req(a, "[\"dibao\"]", ""), OD_ERR_INVALID, "applicant.phone");
  }

  /* unknown names */
  BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\",\"lottery\"]", ""), OD_ERR_INVALID, "categories[1]");
  BAD("intake", intake_req(app("王五", good, "gulou"), "[\"dibao\",\"dibao\"]", ""), OD_ERR_INVALID, "categories[1]");
  BAD("intake", intake_req(app("王五", good, "atlantis"), "[\"dibao\"]", ""), OD_ERR_INVALID, "applicant.hukou_town");
  snprintf(buf, sizeof buf, "{%s,\"item_id\":\"%s\",\"type\":\"distribute\",\"to\":\"dept.nowhere\"}", A_GULOU, IT);
  BAD("route", buf, OD_ERR_INVALID, "to");
  snprintf(buf, sizeof buf, "{%s,\"item_id\":\"%s\",\"type\":\"teleport\"}", A_GULOU, IT);
  BAD("route", buf, OD_ERR_INVALID, "type");
  snprintf(buf, sizeof buf, "{%s,\"item_id\":\"%s\"}", A_GULOU, IT);
  BAD("route", buf, OD_ERR_INVALID, "type");
  snprintf(buf, sizeof buf, "{%s,\"unit\":\"dept.nowhere\"}", A_DISTRICT);
  BAD("case.list", buf, OD_ERR_INVALID, "unit");
  snprintf(buf, sizeof buf, "{%s,\"town\":\"atlantis\"}", A_DISTRICT);
  BAD("case.list", buf, OD_ERR_INVALID, "town");
  snprintf(buf, sizeof buf, "{%s,\"category\":\"lottery\"}", A_DISTRICT);
  BAD("case.list", buf, OD_ERR_INVALID, "category");
  snprintf(buf, sizeof buf, "{%s,\"unit\":\"dept.nowhere\"}", A_DISTRICT);
  BAD("due.list", buf, OD_ERR_INVALID, "unit");
  snprintf(buf, sizeof buf, "{%s,\"case_id\":\"%s\",\"category\":\"lottery\"}", A_GULOU, C);
  BAD("item.add", buf, OD_ERR_INVALID, "category");

  /* illegal transitions */
  snprintf(buf, sizeof buf, "{%s,\"item_id\":\"%s\"}", A_GULOU, IT);
  BAD("acknowledge", buf, OD_ERR_CONFLICT, "item_id");
  snprintf(buf, sizeof buf, "{%s,\"item_id\":\"%s\",\"opinion\":\"x\"}", A_GULOU, IT);
  BAD("opinion", buf, OD_ERR_CONFLICT, "item_id");
  snprintf(buf, sizeof buf, "{%s,\"item_id\":\"%s\",\"what\":\"x\"}", A_GULOU, IT);
  BAD("material.request", buf, OD_ERR_CONFLICT, "item_id");
  snprintf(buf, sizeof buf, "{%s,\"item_id\":\"%s\"}", A_GULOU, IT);
  BAD("material.receive", buf, OD_ERR_CONFLICT, "item_id");
  /* (a window may put an item it holds to its local government: t_local_governments) */
  snprintf(buf, sizeof buf, "{%s,\"item_id\":\"%s\",\"decision\":\"x\"}", A_SUPER, IT);
  BAD("decision.record", buf, OD_ERR_FORBIDDEN, "actor.unit");
  snprintf(buf, sizeof buf, "{%s,\"item_id\":\"%s\"}", A_GULOU, IT);
  BAD("paperwork.complete", buf, OD_ERR_CONFLICT, "item_id");
  snprintf(buf, sizeof buf,
           "{%s,\"item_id\":\"%s\",\"outcome\":\"refused\",\"told_at\":\"%s\",\"channel\":\"phone\",\"signer\":\"s\",\"seal\":\"s\"}",
           A_GULOU, IT, T0);
  BAD("feedback", buf, OD_ERR_CONFLICT, "outcome");
  snprintf(buf, sizeof buf, "{%s,\"case_id\":\"%s\",\"reply\":\"x\",\"channel\":\"phone\"}", A_GULOU, C);
  BAD("inquiry.answer", buf, OD_ERR_CONFLICT, "case_id");
  snprintf(buf, sizeof buf, "{%s,\"case_id\":\"%s\"}", A_GULOU, C);
  BAD("archive", buf, OD_ERR_CONFLICT, "case_id");
  snprintf(buf, sizeof buf, "{%s,\"case_id\":\"%s\",\"category\":\"dibao\"}", A_GULOU, C);
  BAD("item.add", buf, OD_ERR_CONFLICT, "category");

  /* oversize strings and documents */
  {
    static char big[9000];
    memset(big, 'a', 8193);
    big[8193] = '\0';
    snprintf(buf, sizeof buf, "{%s,\"applicant\":%s,\"hardship\":\"%s\",\"categories\":[\"dibao\"]}", A_GULOU,
             app("王五", good, "gulou"), big);
    BAD("intake", buf, OD_ERR_TOO_LARGE, "hardship");
    char name[200];
    memset(name, 'n', 129);
    name[129] = '\0';
    BAD("intake", intake_req(app(name, good, "gulou"), "[\"dibao\"]", ""), OD_ERR_TOO_LARGE, "applicant.name");
    snprintf(buf, sizeof buf, "{%s,\"item_id\":\"%s\",\"type\":\"distribute\",\"note\":\"%s\"}", A_GULOU, IT, big);
    BAD("route", buf, OD_ERR_TOO_LARGE, "note");
    char cats[1024] = "[";
    for (int i = 0; i < 21; ++i) strcat(cats, i ? ",\"dibao\"" : "\"dibao\"");
    strcat(cats, "]");
    BAD("intake", intake_req(app("王五", good, "gulou"), cats, ""), OD_ERR_TOO_LARGE, "categories");
    /* the longest allowed text is accepted */
    big[8192] = '\0';
    snprintf(buf, sizeof buf, "{%s,\"applicant\":%s,\"hardship\":\"%s\",\"categories\":[\"medical\"]}", A_GULOU,
             app("王五", pid(83), "gulou"), big);
    CHECK_STATUS(call_raw(E, "intake", NULL, buf), OD_OK);
  }
  {
    size_t n = (1u << 20) + 64;
    char *huge = malloc(n + 200);
    int k = snprintf(huge, 200, "{%s,\"pad\":\"", A_DISTRICT);
    memset(huge + k, 'p', n);
    strcpy(huge + k + n, "\"}");
    BAD_NOFIELD("case.list", huge, OD_ERR_TOO_LARGE);
    free(huge);
  }

  /* invalid UTF-8 and NUL characters */
  BAD_NOFIELD("intake", intake_req(app("王\xff五", good, "gulou"), "[\"dibao\"]", ""), OD_ERR_INVALID);
  BAD_NOFIELD("intake", intake_req(app("\xc0\xaf", good, "gulou"), "[\"dibao\"]", ""), OD_ERR_INVALID);     /* overlong */
  BAD_NOFIELD("intake", intake_req(app("\xed\xa0\x80", good, "gulou"), "[\"dibao\"]", ""), OD_ERR_INVALID); /* surrogate */
  BAD_NOFIELD("intake", intake_req(app("\xe7\x8e", good, "gulou"), "[\"dibao\"]", ""), OD_ERR_INVALID);     /* truncated */
  BAD("intake", intake_req(app("王\\u0000五", good, "gulou"), "[\"dibao\"]", ""), OD_ERR_INVALID, "applicant.name");
  snprintf(buf, sizeof buf, "{%s,\"applicant\":%s,\"hardship\":\"\xf8\x88\x80\x80\x80\",\"categories\":[\"dibao\"]}", A_GULOU,
           app("王五", good, "gulou"));
  BAD_NOFIELD("intake", buf, OD_ERR_INVALID);
  /* an escaped lone surrogate is not text either */
  BAD_NOFIELD("intake", intake_req(app("\\ud800", good, "gulou"), "[\"dibao\"]", ""), OD_ERR_INVALID);

  /* filters name what the district has: a window that is not one is refused, not an empty list */
  BAD("case.list", "{" A_DISTRICT ",\"window\":\"mars\"}", OD_ERR_INVALID, "window");
  BAD("case.list", "{" A_DISTRICT ",\"window\":\"town.gulou.office\"}", OD_ERR_INVALID, "window");
  /* an explicit empty list of receivers is a mistake, not a request for the usual ones */
  snprintf(buf, sizeof buf, "{%s,\"item_id\":\"%s\",\"to\":[],\"question\":\"能否协助核实？\"}", A_GULOU, IT);
  BAD("cooperation.request", buf, OD_ERR_INVALID, "to");

  /* after all that: one case plus the long-text one, and the first one untouched */
  CHECK_INT(count_cases(E), 2);
  json_t *r = get_case(E, C);
  CHECK_STR(jstr(r, "items[0].state"), "at_window");
  CHECK_INT(jlen(r, "items"), 1);
  /* the view's units are units: the internal "@town:<code>" visibility marks stay inside */
  CHECK(jcontains(r, "units", "town.gulou"));
  json_t *units = jget(r, "units");
  for (size_t i = 0; units && i < json_array_size(units); ++i)
    CHECK(json_string_value(json_array_get(units, i))[0] != '@');
  json_decref(r);
  eng_close(E);
}
