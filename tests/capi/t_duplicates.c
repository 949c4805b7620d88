/* No 多头救助 / 重复救助: resubmissions, household members, grants in force,
 * idempotency keys, allowed combinations, supervisor overrides; and who may see what. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "harness.h"

void t_resubmission(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c1[64], i1[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "王重复", pid(30), "gulou", "[\"dibao\"]", "", c1, i1), OD_OK);
  int events = count_events(e, c1);
  /* the same applicant asks again, at another window, while the item is open */
  CHECK_STATUS(intake(e, &r, A_DISTRICT, "王重复", pid(30), "gulou", "[\"dibao\"]", "", NULL, NULL), OD_OK);
  CHECK_STR(jstr(r, "case_id"), c1);
  CHECK_INT(jbool(r, "created"), 0);
  CHECK_INT(jbool(r, "resubmission"), 1);
  CHECK_STR(jstr(r, "duplicates[0].reason"), "resubmission");
  CHECK_STR(jstr(r, "duplicates[0].existing_case"), c1);
  CHECK_STR(jstr(r, "duplicates[0].category"), "dibao");
  json_decref(r);
  CHECK_INT(count_cases(e), 1);
  CHECK_INT(count_events(e, c1), events + 1);
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, c1), OD_OK);
  CHECK_STR(jstr(jfind(r, "events", "type", "resubmitted"), "data.window"), "district");
  json_decref(r);
  /* still one case after routing it */
  CHECK_STATUS(item_op(e, "route", A_GULOU, i1, ",\"type\":\"distribute\"", NULL), OD_OK);
  CHECK_STATUS(intake(e, &r, A_GULOU, "王重复", pid(30), "gulou", "[\"dibao\"]", "", NULL, NULL), OD_OK);
  CHECK_STR(jstr(r, "case_id"), c1);
  CHECK_INT(jbool(r, "created"), 0);
  json_decref(r);
  CHECK_INT(count_cases(e), 1);
  /* lower-case x and upper-case X are the same person */
  char xid[19] = "";
  for (int n = 0; n < 400 && !xid[0]; ++n)
    if (pid(n)[17] == 'X') snprintf(xid, sizeof xid, "%s", pid(n));
  CHECK(xid[0] != '\0');
  char cx[64];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "大写X", xid, "gulou", "[\"medical\"]", "", cx, NULL), OD_OK);
  char lower[19];
  snprintf(lower, sizeof lower, "%s", xid);
  lower[17] = 'x';
  CHECK_STATUS(intake(e, &r, A_GULOU, "大写X", lower, "gulou", "[\"medical\"]", "", NULL, NULL), OD_OK);
  CHECK_STR(jstr(r, "case_id"), cx);
  CHECK_INT(jbool(r, "created"), 0);
  json_decref(r);
  r = get_case(e, cx);
  CHECK_STR(jstr(r, "applicant.id_number"), xid);
  json_decref(r);
  CHECK_INT(count_cases(e), 2);
  eng_close(e);
}

void t_household_member_merged(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c1[64], i1[80], c2[64];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "张丈夫", pid(31), "gulou", "[\"dibao\"]", "", c1, i1), OD_OK);
  /* his wife applies for 特困 (the same need: subsistence), naming him in the household */
  char extra[256];
  snprintf(extra, sizeof extra, ",\"household\":[{\"name\":\"张丈夫\",\"id_number\":\"%s\",\"relation\":\"spouse\"}]",
           pid(31));
  CHECK_STATUS(intake(e, &r, A_LIUYUAN, "李妻子", pid(32), "gulou", "[\"tekun\"]", extra, c2, NULL), OD_OK);
  CHECK_INT(jbool(r, "created"), 1);
  CHECK(strcmp(c2, c1) != 0);
  CHECK_INT(jlen(r, "duplicates"), 1);
  CHECK_STR(jstr(r, "duplicates[0].reason"), "open");
  CHECK_STR(jstr(r, "duplicates[0].existing_case"), c1);
  CHECK_STR(jstr(r, "duplicates[0].existing_item"), i1);
  CHECK_STR(jstr(r, "duplicates[0].category"), "tekun");
  CHECK_STR(jstr(r, "items[0].state"), "answered");
  CHECK_STR(jstr(r, "items[0].outcome"), "merged");
  CHECK_STR(jstr(r, "items[0].linked_item"), i1);
  CHECK_STR(jstr(r, "state"), "closed"); /* nothing left to do on it */
  json_decref(r);
  r = get_case(e, c2);
  CHECK_STR(jstr(r, "items[0].linked_case"), c1);
  CHECK_STR(jstr(r, "items[0].linked_item"), i1);
  CHECK_STR(jstr(r, "items[0].feedback.outcome"), "merged");
  CHECK_STR(jstr(r, "state"), "closed");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, c2), OD_OK);
  CHECK(jhas(r, "events", "type", "merged"));
  json_decref(r);
  CHECK_STATUS(callf(e, "case.list", &r, "{%s,\"outcome\":\"merged\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "cases"), 1);
  CHECK_STR(jstr(r, "cases[0].id"), c2);
  json_decref(r);
  /* a different need of the same household is not a duplicate */
  CHECK_STATUS(intake(e, &r, A_LIUYUAN, "李妻子", pid(32), "gulou", "[\"education\"]", extra, NULL, NULL), OD_OK);
  CHECK_INT(jlen(r, "duplicates"), 0);
  CHECK_STR(jstr(r, "items[0].state"), "at_window");
  json_decref(r);

  /* once granted, the grant in force blocks the same need */
  CHECK_STATUS(item_op(e, "route", A_GULOU, i1, ",\"type\":\"distribute\"", NULL), OD_OK);
  CHECK_STATUS(item_op(e, "acknowledge", A_GULOU_OFF, i1, "", NULL), OD_OK);
  CHECK_STATUS(feedback_granted(e, A_GULOU_OFF, i1, NULL), OD_OK);
  CHECK_STATUS(intake(e, &r, A_GULOU, "张丈夫", pid(31), "gulou", "[\"tekun\"]", "", NULL, NULL), OD_OK);
  CHECK_INT(jbool(r, "created"), 1);
  CHECK_STR(jstr(r, "duplicates[0].reason"), "granted");
  CHECK_STR(jstr(r, "items[0].outcome"), "merged");
  json_decref(r);
  CHECK_STATUS(callf(e, "stats", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jint(r, "duplicates_caught"), 2);
  json_decref(r);
  eng_close(e);
}

void t_idempotency_key(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c1[64];
  CHECK_STATUS(intake(e, &r, A_GULOU, "钱幂等", pid(33), "gulou", "[\"medical\"]", ",\"idempotency_key\":\"portal-req-0001\"",
                      c1, NULL),
               OD_OK);
  CHECK_INT(jbool(r, "created"), 1);
  json_decref(r);
  int events = count_events(e, c1);
  /* the portal retries the same request */
  CHECK_STATUS(intake(e, &r, A_GULOU, "钱幂等", pid(33), "gulou", "[\"medical\"]", ",\"idempotency_key\":\"portal-req-0001\"",
                      NULL, NULL),
               OD_OK);
  CHECK_STR(jstr(r, "case_id"), c1);
  CHECK_INT(jbool(r, "created"), 0);
  CHECK_INT(jbool(r, "replayed"), 1);
  CHECK_INT(jlen(r, "duplicates"), 0);
  json_decref(r);
  /* the key names the request: a replay with other content still answers the first */
  CHECK_STATUS(intake(e, &r, A_GULOU, "另一人", pid(34), "gulou", "[\"dibao\"]", ",\"idempotency_key\":\"portal-req-0001\"",
                      NULL, NULL),
               OD_OK);
  CHECK_STR(jstr(r, "case_id"), c1);
  CHECK_INT(jbool(r, "replayed"), 1);
  json_decref(r);
  CHECK_INT(count_cases(e), 1);
  CHECK_INT(count_events(e, c1), events);
  /* another key is another request */
  CHECK_STATUS(intake(e, &r, A_GULOU, "另一人", pid(34), "gulou", "[\"dibao\"]", ",\"idempotency_key\":\"portal-req-0002\"",
                      NULL, NULL),
               OD_OK);
  CHECK_INT(jbool(r, "created"), 1);
  json_decref(r);
  CHECK_INT(count_cases(e), 2);
  /* another window's key: that window's own request, answered as a key never used
   * (before: FORBIDDEN "belongs to a case town.liuyuan may not see") */
  char c3[64];
  CHECK_STATUS(intake(e, &r, A_LIUYUAN, "孙幂等", pid(35), "liuyuan", "[\"dibao\"]",
                      ",\"idempotency_key\":\"portal-req-0001\"", c3, NULL),
               OD_OK);
  CHECK_INT(jbool(r, "created"), 1);
  CHECK(jbool(r, "replayed") != 1);
  CHECK(strcmp(c3, c1) != 0);
  json_decref(r);
  CHECK_INT(count_cases(e), 3);
  /* and each window's retry replays its own case */
  CHECK_STATUS(intake(e, &r, A_LIUYUAN, "孙幂等", pid(35), "liuyuan", "[\"dibao\"]",
                      ",\"idempotency_key\":\"portal-req-0001\"", NULL, NULL),
               OD_OK);
  CHECK_STR(jstr(r, "case_id"), c3);
  CHECK_INT(jbool(r, "replayed"), 1);
  json_decref(r);
  CHECK_STATUS(intake(e, &r, A_GULOU, "钱幂等", pid(33), "gulou", "[\"medical\"]", ",\"idempotency_key\":\"portal-req-0001\"",
                      NULL, NULL),
               OD_OK);
  CHECK_STR(jstr(r, "case_id"), c1);
  json_decref(r);
  CHECK_INT(count_cases(e), 3);
  /* a replay after reopening */
  e = eng_reopen(e);
  CHECK_STATUS(intake(e, &r, A_GULOU, "钱幂等", pid(33), "gulou", "[\"medical\"]", ",\"idempotency_key\":\"portal-req-0001\"",
                      NULL, NULL),
               OD_OK);
  CHECK_STR(jstr(r, "case_id"), c1);
  CHECK_INT(jbool(r, "replayed"), 1);
  json_decref(r);
  CHECK_INT(count_cases(e), 3);
  eng_close(e);
}

void t_allowed_together(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c1[64];
  /* disaster and temporary share a need but the district allows them together */
  CHECK_STATUS(intake(e, NULL, A_GULOU, "灾民甲", pid(35), "gulou", "[\"disaster\"]", "", c1, NULL), OD_OK);
  CHECK_STATUS(intake(e, &r, A_GULOU, "灾民甲", pid(35), "gulou", "[\"temporary\"]", "", NULL, NULL), OD_OK);
  CHECK_INT(jbool(r, "created"), 1);
  CHECK(jstr(r, "case_id") && strcmp(jstr(r, "case_id"), c1) != 0);
  CHECK_INT(jlen(r, "duplicates"), 0);
  CHECK_STR(jstr(r, "items[0].state"), "at_window");
  CHECK_STR(jstr(r, "items[0].outcome"), "none");
  json_decref(r);
  /* both in one application */
  CHECK_STATUS(intake(e, &r, A_GULOU, "灾民乙", pid(36), "gulou", "[\"disaster\",\"temporary\"]", "", NULL, NULL), OD_OK);
  CHECK_INT(jlen(r, "items"), 2);
  CHECK_STR(jstr(r, "items[0].state"), "at_window");
  CHECK_STR(jstr(r, "items[1].state"), "at_window");
  CHECK_INT(jlen(r, "duplicates"), 0);
  json_decref(r);
  /* but the same category for a household member clashes */
  char extra[200];
  snprintf(extra, sizeof extra, ",\"household\":[{\"name\":\"灾民乙\",\"id_number\":\"%s\"}]", pid(36));
  CHECK_STATUS(intake(e, &r, A_GULOU, "灾民丙", pid(37), "gulou", "[\"disaster\"]", extra, NULL, NULL), OD_OK);
  CHECK_STR(jstr(r, "items[0].outcome"), "merged");
  json_decref(r);
  /* a household member's temporary aid does not block disaster aid */
  CHECK_STATUS(intake(e, &r, A_GULOU, "灾民丁", pid(38), "gulou", "[\"temporary\"]", "", NULL, NULL), OD_OK);
  json_decref(r);
  snprintf(extra, sizeof extra, ",\"household\":[{\"name\":\"灾民丁\",\"id_number\":\"%s\"}]", pid(38));
  CHECK_STATUS(intake(e, &r, A_GULOU, "灾民戊", pid(39), "gulou", "[\"disaster\"]", extra, NULL, NULL), OD_OK);
  CHECK_STR(jstr(r, "items[0].state"), "at_window");
  CHECK_INT(jlen(r, "duplicates"), 0);
  json_decref(r);
  eng_close(e);
}

void t_supervisor_override(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c1[64], i1[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "刘户主", pid(40), "gulou", "[\"dibao\"]", "", c1, i1), OD_OK);
  char hh[200], extra[400];
  snprintf(hh, sizeof hh, ",\"household\":[{\"name\":\"刘户主\",\"id_number\":\"%s\",\"relation\":\"parent\"}]", pid(40));
  int n0 = count_cases(e);
  /* an ordinary district officer may not override */
  snprintf(extra, sizeof extra, "%s,\"override\":{\"reason\":\"分户生活\"}", hh);
  CHECK_ERR(intake(e, &r, A_DISTRICT, "刘子女", pid(41), "gulou", "[\"tekun\"]", extra, NULL, NULL), r, OD_ERR_FORBIDDEN,
            "override");
  json_decref(r);
  /* nor a town window's supervisor */
  CHECK_ERR(intake(e, &r, ACTOR("town.gulou", "supervisor"), "刘子女", pid(41), "gulou", "[\"tekun\"]", extra, NULL, NULL), r,
            OD_ERR_FORBIDDEN, "override");
  json_decref(r);
  CHECK_INT(count_cases(e), n0);
  /* a supervisor must give the reason */
  char noreason[400];
  snprintf(noreason, sizeof noreason, "%s,\"override\":{}", hh);
  CHECK_ERR(intake(e, &r, A_SUPER, "刘子女", pid(41), "gulou", "[\"tekun\"]", noreason, NULL, NULL), r, OD_ERR_INVALID,
            "override.reason");
  json_decref(r);
  CHECK_INT(count_cases(e), n0);

  char c2[64];
  snprintf(extra, sizeof extra, "%s,\"override\":{\"reason\":\"已分户，经核实独立生活，报区局批准\"}", hh);
  CHECK_STATUS(intake(e, &r, A_SUPER, "刘子女", pid(41), "gulou", "[\"tekun\"]", extra, c2, NULL), OD_OK);
  CHECK_INT(jbool(r, "created"), 1);
  CHECK_STR(jstr(r, "items[0].state"), "at_window");
  CHECK_INT(jbool(r, "duplicates[0].overridden"), 1);
  CHECK_STR(jstr(r, "duplicates[0].existing_case"), c1);
  json_decref(r);
  r = get_case(e, c2);
  CHECK_STR(jstr(r, "items[0].state"), "at_window");
  CHECK_STR(jstr(r, "items[0].override_reason"), "已分户，经核实独立生活，报区局批准");
  CHECK_STR(jstr(r, "items[0].linked_case"), c1);
  CHECK_STR(jstr(r, "items[0].outcome"), "none");
  json_decref(r);
  CHECK_INT(count_cases(e), n0 + 1);
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, c2), OD_OK);
  json_t *ev = jfind(r, "events", "type", "duplicate_overridden");
  CHECK(ev != NULL);
  CHECK_STR(jstr(ev, "data.override_reason"), "已分户，经核实独立生活，报区局批准");
  CHECK_STR(jstr(ev, "actor.role"), "supervisor");
  CHECK_STR(jstr(ev, "actor.unit"), "district");
  json_decref(r);

  /* item.add: the same guard */
  char c3[64];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "刘亲属", pid(42), "gulou", "[\"medical\"]", hh, c3, NULL), OD_OK);
  CHECK_STATUS(callf(e, "item.add", &r, "{%s,\"case_id\":\"%s\",\"category\":\"dibao\"}", A_GULOU, c3), OD_OK);
  CHECK_STR(jstr(r, "duplicates[0].reason"), "open");
  CHECK_STR(jstr(jfind(r, "case.items", "category", "dibao"), "outcome"), "merged");
  json_decref(r);
  CHECK_ERR(callf(e, "item.add", &r, "{%s,\"case_id\":\"%s\",\"category\":\"tekun\",\"override\":{\"reason\":\"x\"}}",
                  A_GULOU, c3),
            r, OD_ERR_FORBIDDEN, "override");
  json_decref(r);
  CHECK_STATUS(callf(e, "item.add", &r, "{%s,\"case_id\":\"%s\",\"category\":\"tekun\",\"override\":{\"reason\":\"特殊困难\"}}",
                     A_SUPER, c3),
               OD_OK);
  CHECK_STR(jstr(jfind(r, "case.items", "category", "tekun"), "state"), "at_window");
  CHECK_STR(jstr(jfind(r, "case.items", "category", "tekun"), "override_reason"), "特殊困难");
  json_decref(r);
  eng_close(e);
}

void t_forbidden_access(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "隐私保护", pid(43), "gulou", "[\"dibao\"]", "", c, it), OD_OK);
  int events = count_events(e, c);
  /* another town's officer */
  CHECK_ERR(callf(e, "case.get", &r, "{%s,\"case_id\":\"%s\"}", A_LIUYUAN, c), r, OD_ERR_NOT_FOUND, "case_id");
  CHECK(strstr(last_response(), pid(43)) == NULL); /* the refusal leaks nothing */
  json_decref(r);
  CHECK_ERR(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_LIUYUAN, c), r, OD_ERR_NOT_FOUND, "case_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "route", A_LIUYUAN, it, ",\"type\":\"distribute\"", &r), r, OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  CHECK_ERR(callf(e, "archive", &r, "{%s,\"case_id\":\"%s\"}", A_LIUYUAN, c), r, OD_ERR_NOT_FOUND, "case_id");
  json_decref(r);
  CHECK_ERR(callf(e, "item.add", &r, "{%s,\"case_id\":\"%s\",\"category\":\"medical\"}", A_LIUYUAN, c), r, OD_ERR_NOT_FOUND,
            "case_id");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.list", &r, "{%s}", A_LIUYUAN), OD_OK);
  CHECK_INT(jlen(r, "cases"), 0);
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s}", A_LIUYUAN), OD_OK);
  CHECK_INT(jlen(r, "due"), 0);
  json_decref(r);
  CHECK_STATUS(callf(e, "case.list", &r, "{%s}", A_GULOU), OD_OK);
  CHECK_INT(jlen(r, "cases"), 1);
  json_decref(r);
  /* a department it was not routed to */
  CHECK_ERR(callf(e, "case.get", &r, "{%s,\"case_id\":\"%s\"}", A_CIVIL, c), r, OD_ERR_NOT_FOUND, "case_id");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.list", &r, "{%s}", A_CIVIL), OD_OK);
  CHECK_INT(jlen(r, "cases"), 0);
  json_decref(r);
  CHECK_ERR(callf(e, "delivery.list", &r, "{%s}", A_CIVIL), r, OD_ERR_FORBIDDEN, "case_id");
  json_decref(r);
  /* the town's own office sees it but does not hold it */
  CHECK_STATUS(callf(e, "case.get", NULL, "{%s,\"case_id\":\"%s\"}", A_GULOU_OFF, c), OD_OK);
  CHECK_ERR(item_op(e, "route", A_GULOU_OFF, it, ",\"type\":\"distribute\"", &r), r, OD_ERR_FORBIDDEN, "item_id");
  json_decref(r);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, ",\"type\":\"distribute\"", NULL), OD_OK);
  ++events;
  CHECK_ERR(item_op(e, "acknowledge", A_GULOU, it, "", &r), r, OD_ERR_FORBIDDEN, "item_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "opinion", A_DISTRICT, it, ",\"opinion\":\"x\"", &r), r, OD_ERR_FORBIDDEN, "item_id");
  json_decref(r);
  CHECK_ERR(feedback_granted(e, A_CIVIL, it, &r), r, OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  CHECK_INT(count_events(e, c), events);
  /* names that do not exist */
  CHECK_ERR(callf(e, "case.get", &r, "{%s,\"case_id\":\"C371502-2026-999999\"}", A_DISTRICT), r, OD_ERR_NOT_FOUND, "case_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "acknowledge", A_GULOU_OFF, "C371502-2026-999999-1", "", &r), r, OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  char ghost[100];
  snprintf(ghost, sizeof ghost, "%s-9", c);
  CHECK_ERR(item_op(e, "acknowledge", A_GULOU_OFF, ghost, "", &r), r, OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "acknowledge", A_GULOU_OFF, "nodash", "", &r), r, OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  eng_close(e);
}
