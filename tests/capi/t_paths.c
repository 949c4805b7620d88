/* The paths of domain.md: the five notices, forward then hand over then distribute at
 * the household-registration town, emergency, major, undecidable matters, referral to
 * a social organisation, pause for material, bare inquiries. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define DISTRIBUTE ",\"type\":\"distribute\""

void t_distribute(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, &r, A_GULOU, "王小明", pid(10), "gulou", "[\"dibao\"]", "", c, it), OD_OK);
  CHECK_INT(jbool(r, "created"), 1);
  CHECK(strncmp(c, "C371502-2026-", 13) == 0);
  CHECK_STR(jstr(r, "state"), "open");
  CHECK_INT(jlen(r, "duplicates"), 0);
  CHECK_STR(jstr(r, "received_at"), T0);
  CHECK_INT(jlen(r, "items"), 1);
  CHECK_STR(jstr(r, "items[0].id"), it);
  CHECK_STR(jstr(r, "items[0].state"), "at_window");
  CHECK_STR(jstr(r, "items[0].holder"), "town.gulou");
  CHECK_STR(jstr(r, "items[0].outcome"), "none");
  json_decref(r);
  r = get_case(e, c); /* the intake response is compact */
  CHECK_STR(jstr(r, "channel"), "in_person");
  CHECK_STR(jstr(r, "urgency"), "normal");
  CHECK_STR(jstr(r, "window"), "town.gulou");
  CHECK_STR(jstr(r, "received_at"), T0);
  CHECK_STR(jstr(r, "first_officer"), "O-town.gulou");
  CHECK_STR(jstr(r, "applicant.id_number"), pid(10));
  CHECK_STR(jstr(r, "applicant.hukou_town"), "gulou");
  CHECK_STR(jstr(r, "items[0].category"), "dibao");
  CHECK_STR(jstr(r, "items[0].state"), "at_window");
  CHECK_STR(jstr(r, "items[0].holder"), "town.gulou");
  CHECK_STR(jstr(r, "items[0].outcome"), "none");
  CHECK(jcontains(r, "units", "town.gulou"));
  CHECK_INT(jlen(r, "obligations"), 1);
  CHECK_STR(jstr(r, "obligations[0].kind"), "route");
  CHECK_STR(jstr(r, "obligations[0].unit"), "town.gulou");
  CHECK_STR(jstr(r, "obligations[0].due"), "2026-03-05T23:59:59+08:00");
  CHECK_INT(jbool(r, "obligations[0].overdue"), 0);
  json_decref(r);

  /* only 'withdrawn' before routing */
  CHECK_ERR(feedback_granted(e, A_GULOU, it, &r), r, OD_ERR_CONFLICT, "outcome");
  json_decref(r);

  CHECK_STATUS(item_op(e, "route", A_GULOU, it, DISTRIBUTE ",\"note\":\"请核查家庭收入\"", &r), OD_OK);
  CHECK_STR(jstr(r, "notice.number"), "DST-2026-000001");
  CHECK_STR(jstr(r, "notice.type"), "distribute");
  CHECK_STR(jstr(r, "notice.title"), "救助事项分办通知单");
  CHECK_STR(jstr(r, "notice.sender"), "town.gulou");
  CHECK_STR(jstr(r, "notice.receiver"), "town.gulou.office");
  CHECK_STR(jstr(r, "notice.issued_at"), T0);
  CHECK_STR(jstr(r, "notice.opinion_due"), "2026-03-05T23:59:59+08:00");
  CHECK_STR(jstr(r, "item.state"), "notified");
  CHECK_STR(jstr(r, "item.holder"), "town.gulou.office");
  CHECK_STR(jstr(r, "case_state"), "open");
  json_decref(r);

  /* the window no longer holds it */
  CHECK_ERR(item_op(e, "route", A_GULOU, it, DISTRIBUTE, &r), r, OD_ERR_FORBIDDEN, "item_id");
  json_decref(r);

  CHECK_STATUS(callf(e, "clock.advance", &r, "{\"hours\":2}"), OD_OK);
  CHECK_STR(jstr(r, "now"), "2026-03-02T11:00:00+08:00");
  json_decref(r);
  CHECK_STATUS(item_op(e, "acknowledge", A_GULOU_OFF, it, "", &r), OD_OK);
  CHECK_STR(jstr(r, "item.state"), "handling");
  CHECK_STR(jstr(r, "item.notices[0].acknowledged_at"), "2026-03-02T11:00:00+08:00");
  json_decref(r);
  CHECK_ERR(item_op(e, "acknowledge", A_GULOU_OFF, it, "", &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);

  CHECK_STATUS(callf(e, "clock.advance", NULL, "{\"days\":1}"), OD_OK);
  CHECK_STATUS(item_op(e, "opinion", A_GULOU_OFF, it, ",\"opinion\":\"经入户调查，符合低保条件\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.state"), "handling");
  CHECK_STR(jstr(r, "item.opinion_at"), "2026-03-03T11:00:00+08:00");
  json_decref(r);
  /* after the opinion: feedback within 3 working days of it */
  r = get_case(e, c);
  CHECK(jhas(r, "obligations", "kind", "feedback"));
  CHECK(!jhas(r, "obligations", "kind", "opinion"));
  CHECK_STR(jstr(jfind(r, "obligations", "kind", "feedback"), "due"), "2026-03-06T23:59:59+08:00");
  json_decref(r);

  CHECK_STATUS(feedback_granted(e, A_GULOU_OFF, it, &r), OD_OK);
  CHECK_STR(jstr(r, "item.state"), "answered");
  CHECK_STR(jstr(r, "item.outcome"), "granted");
  CHECK_STR(jstr(r, "item.feedback.reported_to"), "town.gulou");
  CHECK_STR(jstr(r, "item.feedback.signer"), "单位负责人甲");
  CHECK_STR(jstr(r, "item.feedback.seal"), "SEAL-001");
  CHECK_STR(jstr(r, "item.feedback.channel"), "phone");
  CHECK(jstr(r, "item.valid_until") != NULL); /* dibao grants are in force 365 days */
  CHECK_STR(jstr(r, "case_state"), "closed");
  CHECK_INT(jbool(r, "late"), 0);
  json_decref(r);
  r = get_case(e, c);
  CHECK_STR(jstr(r, "state"), "closed");
  CHECK_STR(jstr(r, "closed_at"), "2026-03-03T11:00:00+08:00");
  CHECK_INT(jlen(r, "obligations"), 0);
  json_decref(r);
  eng_close(e);
}

void t_forward_hand_over_distribute(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  /* registered in 侯营镇, applies where she lives, in 古楼街道 */
  CHECK_STATUS(intake(e, NULL, A_GULOU, "赵一二", pid(11), "houying", "[\"dibao\"]", "", c, it), OD_OK);
  /* a town window cannot hand over */
  CHECK_ERR(item_op(e, "route", A_GULOU, it, ",\"type\":\"hand_over\"", &r), r, OD_ERR_INVALID, "type");
  json_decref(r);
  CHECK_ERR(item_op(e, "route", A_GULOU, it, ",\"type\":\"forward\",\"to\":\"dept.civil\"", &r), r, OD_ERR_INVALID, "to");
  json_decref(r);

  CHECK_STATUS(item_op(e, "route", A_GULOU, it, ",\"type\":\"forward\"", &r), OD_OK);
  CHECK_STR(jstr(r, "notice.number"), "FWD-2026-000001");
  CHECK_STR(jstr(r, "notice.title"), "救助事项转送通知单");
  CHECK_STR(jstr(r, "notice.receiver"), "district");
  CHECK_STR(jstr(r, "item.state"), "at_window");
  CHECK_STR(jstr(r, "item.holder"), "district");
  json_decref(r);
  r = get_case(e, c);
  CHECK(jhas(r, "obligations", "kind", "route"));
  CHECK_STR(jstr(jfind(r, "obligations", "kind", "route"), "unit"), "district");
  json_decref(r);

  /* the district window hands over only to the household-registration town */
  CHECK_ERR(item_op(e, "route", A_DISTRICT, it, ",\"type\":\"hand_over\",\"to\":\"town.gulou\"", &r), r,
            OD_ERR_INVALID, "to");
  json_decref(r);
  CHECK_STATUS(item_op(e, "route", A_DISTRICT, it, ",\"type\":\"hand_over\"", &r), OD_OK);
  CHECK_STR(jstr(r, "notice.number"), "HND-2026-000001");
  CHECK_STR(jstr(r, "notice.title"), "救助事项转交通知单");
  CHECK_STR(jstr(r, "notice.sender"), "district");
  CHECK_STR(jstr(r, "notice.receiver"), "town.houying");
  CHECK_STR(jstr(r, "item.state"), "at_window");
  CHECK_STR(jstr(r, "item.holder"), "town.houying");
  json_decref(r);
  /* the old window cannot act any more */
  CHECK_ERR(item_op(e, "route", A_GULOU, it, DISTRIBUTE, &r), r, OD_ERR_FORBIDDEN, "item_id");
  json_decref(r);
  /* 侯营 distributes to its own office, not to 古楼's */
  CHECK_ERR(item_op(e, "route", A_HOUYING, it, DISTRIBUTE ",\"to\":\"town.gulou.office\"", &r), r, OD_ERR_INVALID, "to");
  json_decref(r);
  CHECK_STATUS(item_op(e, "route", A_HOUYING, it, DISTRIBUTE, &r), OD_OK);
  CHECK_STR(jstr(r, "notice.number"), "DST-2026-000001");
  CHECK_STR(jstr(r, "notice.receiver"), "town.houying.office");
  CHECK_INT(jlen(r, "item.notices"), 3);
  json_decref(r);
  CHECK_STATUS(item_op(e, "acknowledge", A_HOUYING_OFF, it, "", NULL), OD_OK);
  CHECK_STATUS(feedback_granted(e, A_HOUYING_OFF, it, &r), OD_OK);
  CHECK_STR(jstr(r, "item.feedback.reported_to"), "town.houying");
  CHECK_STR(jstr(r, "case_state"), "closed");
  json_decref(r);

  r = get_case(e, c);
  CHECK(jcontains(r, "units", "district"));
  CHECK(jcontains(r, "units", "town.houying"));
  CHECK(jcontains(r, "units", "town.houying.office"));
  CHECK_STR(jstr(r, "items[0].notices[0].type"), "forward");
  CHECK_STR(jstr(r, "items[0].notices[1].type"), "hand_over");
  CHECK_STR(jstr(r, "items[0].notices[2].type"), "distribute");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_HOUYING, c), OD_OK);
  CHECK_INT(jlen(r, "documents"), 5);
  CHECK_STR(jstr(r, "documents[0].type"), "application");
  CHECK_STR(jstr(r, "documents[1].notice_type"), "forward");
  CHECK_STR(jstr(r, "documents[2].notice_type"), "hand_over");
  CHECK_STR(jstr(r, "documents[3].notice_type"), "distribute");
  CHECK_STR(jstr(r, "documents[4].type"), "feedback");
  json_decref(r);
  eng_close(e);
}

void t_transfer(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "孙测试", pid(12), "gulou", "[\"housing\"]", "", c, it), OD_OK);
  /* a town cannot handle housing, and only the district window transfers */
  CHECK_ERR(item_op(e, "route", A_GULOU, it, DISTRIBUTE, &r), r, OD_ERR_INVALID, "type");
  json_decref(r);
  CHECK_ERR(item_op(e, "route", A_GULOU, it, ",\"type\":\"transfer\"", &r), r, OD_ERR_INVALID, "type");
  json_decref(r);
  /* the department is not involved yet */
  CHECK_ERR(callf(e, "case.get", &r, "{%s,\"case_id\":\"%s\"}", A_HOUSING, c), r, OD_ERR_NOT_FOUND, "case_id");
  json_decref(r);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, ",\"type\":\"forward\"", NULL), OD_OK);
  CHECK_ERR(item_op(e, "route", A_DISTRICT, it, ",\"type\":\"transfer\",\"to\":\"dept.civil\"", &r), r, OD_ERR_INVALID, "to");
  json_decref(r);
  CHECK_ERR(item_op(e, "route", A_DISTRICT, it, ",\"type\":\"hand_over\"", &r), r, OD_ERR_INVALID, "type");
  json_decref(r);
  CHECK_STATUS(item_op(e, "route", A_DISTRICT, it, ",\"type\":\"transfer\"", &r), OD_OK);
  CHECK_STR(jstr(r, "notice.number"), "TRF-2026-000001");
  CHECK_STR(jstr(r, "notice.title"), "救助事项转办通知单");
  CHECK_STR(jstr(r, "notice.receiver"), "dept.housing");
  CHECK_STR(jstr(r, "notice.opinion_due"), "2026-03-05T23:59:59+08:00");
  /* housing: 30 working days, across Qingming (4-6 Apr) */
  CHECK_STR(jstr(r, "notice.complete_due"), "2026-04-14T23:59:59+08:00");
  CHECK_STR(jstr(r, "item.state"), "notified");
  CHECK_STR(jstr(r, "item.holder"), "dept.housing");
  json_decref(r);
  r = get_case(e, c);
  CHECK_STR(jstr(jfind(r, "obligations", "kind", "complete"), "due"), "2026-04-14T23:59:59+08:00");
  CHECK_STR(jstr(jfind(r, "obligations", "kind", "complete"), "unit"), "dept.housing");
  CHECK_STR(jstr(jfind(r, "obligations", "kind", "opinion"), "unit"), "dept.housing");
  json_decref(r);
  /* now the department sees it; another department still does not */
  CHECK_STATUS(callf(e, "case.get", NULL, "{%s,\"case_id\":\"%s\"}", A_HOUSING, c), OD_OK);
  CHECK_ERR(callf(e, "case.get", &r, "{%s,\"case_id\":\"%s\"}", A_EDU, c), r, OD_ERR_NOT_FOUND, "case_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "acknowledge", A_EDU, it, "", &r), r, OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.list", &r, "{%s}", A_HOUSING), OD_OK);
  CHECK_INT(jlen(r, "cases"), 1);
  json_decref(r);
  CHECK_STATUS(callf(e, "case.list", &r, "{%s}", A_EDU), OD_OK);
  CHECK_INT(jlen(r, "cases"), 0);
  json_decref(r);

  CHECK_STATUS(item_op(e, "acknowledge", A_HOUSING, it, "", NULL), OD_OK);
  CHECK_STATUS(item_op(e, "opinion", A_HOUSING, it, ",\"opinion\":\"联系申请人，入户核查\"", NULL), OD_OK);
  CHECK_STATUS(feedback_outcome(e, A_HOUSING, it, "refused", &r), OD_OK);
  CHECK_STR(jstr(r, "item.outcome"), "refused");
  CHECK_STR(jstr(r, "item.feedback.reported_to"), "district");
  CHECK_STR(jstr(r, "case_state"), "closed");
  json_decref(r);
  eng_close(e);
}

void t_refer_social_org(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, NULL, A_DISTRICT, "周测试", pid(13), "liuyuan", "[\"charity\"]", "", c, it), OD_OK);
  CHECK_ERR(item_op(e, "route", A_DISTRICT, it, ",\"type\":\"refer\"", &r), r, OD_ERR_INVALID, "to");
  json_decref(r);
  CHECK_ERR(item_op(e, "route", A_DISTRICT, it, ",\"type\":\"refer\",\"to\":\"dept.civil\"", &r), r, OD_ERR_INVALID, "to");
  json_decref(r);
  CHECK_ERR(item_op(e, "route", A_DISTRICT, it, ",\"type\":\"refer\",\"to\":\"org.nowhere\"", &r), r, OD_ERR_INVALID, "to");
  json_decref(r);
  CHECK_STATUS(item_op(e, "route", A_DISTRICT, it, ",\"type\":\"refer\",\"to\":\"org.charity\"", &r), OD_OK);
  CHECK_STR(jstr(r, "notice.number"), "REF-2026-000001");
  CHECK_STR(jstr(r, "notice.title"), "救助事项转介通知单");
  CHECK_STR(jstr(r, "item.holder"), "org.charity");
  CHECK_STR(jstr(r, "item.state"), "notified");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.get", NULL, "{%s,\"case_id\":\"%s\"}", A_CHARITY, c), OD_OK);
  CHECK_ERR(callf(e, "case.get", &r, "{" ACTOR("org.volunteer", "handler") ",\"case_id\":\"%s\"}", c), r,
            OD_ERR_NOT_FOUND, "case_id");
  json_decref(r);
  /* the social organisation answers at once (its answer acknowledges the notice) and
   * reports back to the window that referred it */
  CHECK_STATUS(callf(e, "clock.advance", NULL, "{\"hours\":3}"), OD_OK);
  CHECK_STATUS(feedback_granted(e, A_CHARITY, it, &r), OD_OK);
  CHECK_STR(jstr(r, "item.notices[0].acknowledged_at"), "2026-03-02T12:00:00+08:00");
  CHECK_STR(jstr(r, "item.state"), "answered");
  CHECK_STR(jstr(r, "item.feedback.reported_to"), "district");
  CHECK_STR(jstr(r, "item.feedback.unit"), "org.charity");
  CHECK_STR(jstr(r, "case_state"), "closed");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, c), OD_OK);
  CHECK(jhas(r, "events", "type", "reported_to_window"));
  CHECK(jhas(r, "events", "type", "acknowledged"));
  CHECK_STR(jstr(jfind(r, "events", "type", "reported_to_window"), "data.window"), "district");
  json_decref(r);

  /* a town window refers too */
  char c2[64], it2[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "吴测试", pid(14), "gulou", "[\"temporary\"]", "", c2, it2), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it2, ",\"type\":\"refer\",\"to\":\"org.volunteer\"", &r), OD_OK);
  CHECK_STR(jstr(r, "notice.number"), "REF-2026-000002");
  json_decref(r);
  /* a town office does not */
  char c3[64], it3[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "郑测试", pid(15), "gulou", "[\"medical\"]", "", c3, it3), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it3, DISTRIBUTE, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "acknowledge", A_GULOU_OFF, it3, "", NULL), OD_OK);
  CHECK_ERR(item_op(e, "route", A_GULOU_OFF, it3, ",\"type\":\"refer\",\"to\":\"org.charity\"", &r), r,
            OD_ERR_CONFLICT, "item_id");
  json_decref(r);
  eng_close(e);
}

void t_emergency(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, &r, A_GULOU, "钱测试", pid(16), "gulou", "[\"temporary\"]",
                      ",\"urgency\":\"emergency\"", c, it),
               OD_OK);
  json_decref(r);
  r = get_case(e, c);
  CHECK_STR(jstr(r, "urgency"), "emergency");
  json_decref(r);
  /* another town may not grant for it, and is not told the item exists */
  CHECK_ERR(item_op(e, "emergency.grant", A_LIUYUAN, it, ",\"measures\":\"x\"", &r), r, OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "emergency.grant", A_GULOU, it, "", &r), r, OD_ERR_INVALID, "measures");
  json_decref(r);
  CHECK_STATUS(item_op(e, "emergency.grant", A_GULOU, it, ",\"measures\":\"先行发放临时生活费\",\"amount\":800", &r), OD_OK);
  CHECK_STR(jstr(r, "item.emergency.unit"), "town.gulou");
  CHECK_STR(jstr(r, "item.emergency.granted_at"), T0);
  CHECK_STR(jstr(r, "item.emergency.paperwork_due"), "2026-03-16T23:59:59+08:00");
  CHECK_INT(jint(r, "item.emergency.amount"), 800);
  CHECK_STR(jstr(r, "item.state"), "at_window"); /* the procedure goes on at the same time */
  json_decref(r);
  CHECK_ERR(item_op(e, "emergency.grant", A_GULOU, it, ",\"measures\":\"again\"", &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);

  /* the paperwork is due and listed */
  CHECK_STATUS(callf(e, "due.list", &r, "{%s}", A_DISTRICT), OD_OK);
  json_t *pw = jfind(r, "due", "kind", "paperwork");
  CHECK(pw != NULL);
  CHECK_STR(jstr(pw, "unit"), "town.gulou");
  CHECK_STR(jstr(pw, "item_id"), it);
  CHECK_STR(jstr(pw, "due"), "2026-03-16T23:59:59+08:00");
  CHECK(jhas(r, "due", "kind", "route"));
  CHECK(jint(json_object_get(jget(r, "units"), "town.gulou"), "due") >= 2); /* route and paperwork */
  json_decref(r);

  /* handled and answered while the paperwork is still missing */
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, DISTRIBUTE, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "acknowledge", A_GULOU_OFF, it, "", NULL), OD_OK);
  CHECK_STATUS(feedback_granted(e, A_GULOU_OFF, it, &r), OD_OK);
  CHECK_STR(jstr(r, "case_state"), "closed");
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK(jhas(r, "due", "kind", "paperwork"));
  json_decref(r);
  /* archive refused while paperwork is pending */
  CHECK_ERR(callf(e, "archive", &r, "{%s,\"case_id\":\"%s\"}", A_GULOU, c), r, OD_ERR_CONFLICT, "case_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "paperwork.complete", A_LIUYUAN, it, "", &r), r, OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  CHECK_STATUS(callf(e, "clock.advance", NULL, "{\"working_days\":2}"), OD_OK);
  CHECK_STATUS(item_op(e, "paperwork.complete", A_GULOU, it, ",\"note\":\"申请书、收入证明已补齐\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.emergency.paperwork_done_at"), "2026-03-04T09:00:00+08:00");
  json_decref(r);
  CHECK_ERR(item_op(e, "paperwork.complete", A_GULOU, it, "", &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK(!jhas(r, "due", "kind", "paperwork"));
  CHECK(!jhas(r, "overdue", "kind", "paperwork"));
  json_decref(r);
  CHECK_STATUS(callf(e, "archive", &r, "{%s,\"case_id\":\"%s\"}", A_GULOU, c), OD_OK);
  CHECK_STR(jstr(r, "state"), "archived");
  json_decref(r);

  /* emergency aid only for an emergency case */
  char c2[64], it2[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "冯测试", pid(17), "gulou", "[\"temporary\"]", "", c2, it2), OD_OK);
  CHECK_ERR(item_op(e, "emergency.grant", A_GULOU, it2, ",\"measures\":\"x\"", &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "paperwork.complete", A_GULOU, it2, "", &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);
  CHECK_STATUS(callf(e, "stats", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jint(r, "emergencies"), 1);
  json_decref(r);
  eng_close(e);
}

void t_major(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, &r, A_GULOU, "陈测试", pid(18), "gulou", "[\"disaster\"]", ",\"urgency\":\"major\"", c, it), OD_OK);
  json_decref(r);
  r = get_case(e, c);
  CHECK_STR(jstr(r, "urgency"), "major");
  CHECK_STR(jstr(r, "reported_at"), T0);
  CHECK(jcontains(r, "units", "gov.district"));
  json_decref(r);
  /* the government sees it */
  CHECK_STATUS(callf(e, "case.get", NULL, "{%s,\"case_id\":\"%s\"}", A_GOV, c), OD_OK);
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, c), OD_OK);
  CHECK_STR(jstr(r, "events[0].type"), "received");
  CHECK_STR(jstr(r, "events[0].data.urgency"), "major");
  json_t *ev = jfind(r, "events", "type", "reported_to_government");
  CHECK(ev != NULL);
  CHECK_STR(jstr(ev, "data.government"), "gov.district");
  CHECK_STR(jstr(ev, "at"), T0);
  CHECK_STR(jstr(ev, "actor.unit"), "town.gulou");
  json_decref(r);
  CHECK_STATUS(callf(e, "stats", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jint(r, "major_cases"), 1);
  json_decref(r);
  /* a normal case is not reported */
  char c2[64];
  CHECK_STATUS(intake(e, &r, A_GULOU, "褚测试", pid(19), "gulou", "[\"medical\"]", "", c2, NULL), OD_OK);
  json_decref(r);
  r = get_case(e, c2);
  CHECK(jstr(r, "reported_at") == NULL);
  CHECK(!jcontains(r, "units", "gov.district"));
  json_decref(r);
  CHECK_ERR(callf(e, "case.get", &r, "{%s,\"case_id\":\"%s\"}", A_GOV, c2), r, OD_ERR_NOT_FOUND, "case_id");
  json_decref(r);
  eng_close(e);
}

void t_undecidable_matter(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "卫测试", pid(20), "gulou", "[\"dibao\"]", "", c, it), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, DISTRIBUTE, NULL), OD_OK);
  CHECK_ERR(item_op(e, "decision.request", A_GULOU_HEAD, it, ",\"question\":\"q\"", &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);
  CHECK_STATUS(item_op(e, "acknowledge", A_GULOU_OFF, it, "", NULL), OD_OK);
  CHECK_ERR(item_op(e, "decision.request", A_GULOU_HEAD, it, "", &r), r, OD_ERR_INVALID, "question");
  json_decref(r);
  /* the head of the unit raises the matter, not the handler */
  CHECK_ERR(item_op(e, "decision.request", A_GULOU_OFF, it, ",\"question\":\"q\"", &r), r, OD_ERR_FORBIDDEN, "actor.role");
  json_decref(r);
  /* a town's unit goes to its own town government (当地政府), not the district's */
  CHECK_STATUS(item_op(e, "decision.request", A_GULOU_HEAD, it, ",\"question\":\"户籍与居住地不一致，政策无明确规定\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.state"), "awaiting_decision");
  CHECK_STR(jstr(r, "item.decision.due"), "2026-03-09T23:59:59+08:00");
  CHECK_STR(jstr(r, "item.decision.from_unit"), "town.gulou.office");
  CHECK_STR(jstr(r, "item.decision.to"), "town.gulou.gov");
  json_decref(r);
  r = get_case(e, c);
  CHECK(jcontains(r, "units", "town.gulou.gov"));
  CHECK(!jcontains(r, "units", "gov.district"));
  CHECK_STR(jstr(jfind(r, "obligations", "kind", "decision"), "unit"), "town.gulou.gov");
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"unit\":\"town.gulou.gov\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "due"), 1);
  CHECK_STR(jstr(r, "due[0].kind"), "decision");
  json_decref(r);
  /* nothing else moves while the government decides */
  CHECK_ERR(feedback_granted(e, A_GULOU_OFF, it, &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "decision.record", A_GULOU_OFF, it, ",\"decision\":\"x\"", &r), r, OD_ERR_FORBIDDEN, "actor.unit");
  json_decref(r);
  CHECK_ERR(item_op(e, "decision.record", A_DISTRICT, it, ",\"decision\":\"x\"", &r), r, OD_ERR_FORBIDDEN, "actor.unit");
  json_decref(r);
  /* the district government was not asked and does not see the case */
  CHECK_ERR(item_op(e, "decision.record", A_GOV, it, ",\"decision\":\"x\"", &r), r, OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  /* another town's government sees nothing either */
  CHECK_ERR(item_op(e, "decision.record", ACTOR("town.houying.gov", "head"), it, ",\"decision\":\"x\"", &r), r,
            OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "decision.record", ACTOR("town.gulou.gov", "officer"), it, ",\"decision\":\"x\"", &r), r,
            OD_ERR_FORBIDDEN, "actor.role");
  json_decref(r);
  CHECK_STATUS(callf(e, "clock.advance", NULL, "{\"working_days\":1}"), OD_OK);
  CHECK_STATUS(item_op(e, "decision.record", A_GULOU_GOV, it, ",\"decision\":\"同意按居住地纳入低保\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.state"), "handling");
  CHECK_STR(jstr(r, "item.decision.decided_at"), "2026-03-03T09:00:00+08:00");
  CHECK_STR(jstr(r, "item.decision.decision"), "同意按居住地纳入低保");
  CHECK_STR(jstr(r, "item.holder"), "town.gulou.office");
  json_decref(r);
  CHECK_ERR(item_op(e, "decision.record", A_GULOU_GOV, it, ",\"decision\":\"again\"", &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);
  CHECK_STATUS(feedback_granted(e, A_GULOU_OFF, it, &r), OD_OK);
  CHECK_STR(jstr(r, "case_state"), "closed");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, c), OD_OK);
  CHECK(jhas(r, "events", "type", "decision_requested"));
  CHECK(jhas(r, "events", "type", "decision_recorded"));
  CHECK_STR(jstr(jfind(r, "events", "type", "decision_recorded"), "actor.unit"), "town.gulou.gov");
  json_decref(r);
  eng_close(e);
}

void t_pause_for_material(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  clock_set(e, "2026-04-02T09:00:00+08:00"); /* Thursday before Qingming */
  CHECK_STATUS(intake(e, NULL, A_GULOU, "蒋测试", pid(21), "gulou", "[\"medical\"]", "", c, it), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, DISTRIBUTE, &r), OD_OK);
  CHECK_STR(jstr(r, "notice.opinion_due"), "2026-04-08T23:59:59+08:00");
  json_decref(r);
  r = get_case(e, c);
  CHECK_STR(jstr(jfind(r, "obligations", "kind", "opinion"), "due"), "2026-04-08T23:59:59+08:00");
  CHECK_STR(jstr(jfind(r, "obligations", "kind", "feedback"), "due"), "2026-04-13T23:59:59+08:00");
  json_decref(r);
  CHECK_ERR(item_op(e, "material.receive", A_GULOU_OFF, it, "", &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);

  clock_set(e, "2026-04-02T15:00:00+08:00");
  CHECK_ERR(item_op(e, "material.request", A_GULOU_OFF, it, "", &r), r, OD_ERR_INVALID, "what");
  json_decref(r);
  CHECK_STATUS(item_op(e, "material.request", A_GULOU_OFF, it, ",\"what\":\"住院费用票据原件\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.state"), "awaiting_material");
  CHECK_STR(jstr(r, "item.resume_state"), "handling");
  CHECK_STR(jstr(r, "item.pauses[0].from"), "2026-04-02T15:00:00+08:00");
  CHECK_STR(jstr(r, "item.pauses[0].what"), "住院费用票据原件");
  json_decref(r);
  r = get_case(e, c);
  CHECK_INT(jlen(r, "obligations"), 0); /* the clock is paused */
  json_decref(r);
  CHECK_ERR(item_op(e, "material.request", A_GULOU_OFF, it, ",\"what\":\"x\"", &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "opinion", A_GULOU_OFF, it, ",\"opinion\":\"x\"", &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);

  clock_set(e, "2026-04-09T10:00:00+08:00");
  /* not overdue: the paused days do not count */
  CHECK_STATUS(callf(e, "due.list", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 0);
  json_decref(r);
  CHECK_STATUS(item_op(e, "material.receive", A_GULOU_OFF, it, ",\"note\":\"票据已收到\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.state"), "handling");
  CHECK_STR(jstr(r, "item.pauses[0].to"), "2026-04-09T10:00:00+08:00");
  json_decref(r);
  /* paused 3, 7, 8, 9 April (4-6 April is Qingming): 4 working days */
  r = get_case(e, c);
  CHECK_STR(jstr(jfind(r, "obligations", "kind", "opinion"), "due"), "2026-04-14T23:59:59+08:00");
  CHECK_STR(jstr(jfind(r, "obligations", "kind", "feedback"), "due"), "2026-04-17T23:59:59+08:00");
  CHECK_INT(jbool(jfind(r, "obligations", "kind", "opinion"), "overdue"), 0);
  json_decref(r);
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, c), OD_OK);
  CHECK_INT(jint(jfind(r, "events", "type", "material_received"), "data.paused_working_days"), 4);
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 0);
  json_decref(r);
  CHECK_ERR(item_op(e, "material.receive", A_GULOU_OFF, it, "", &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);
  CHECK_STATUS(item_op(e, "opinion", A_GULOU_OFF, it, ",\"opinion\":\"符合医疗救助条件\"", NULL), OD_OK);
  CHECK_STATUS(feedback_granted(e, A_GULOU_OFF, it, &r), OD_OK);
  CHECK_INT(jbool(r, "late"), 0);
  json_decref(r);
  eng_close(e);
}

void t_inquiry_and_channels(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  /* a bare inquiry: no ID, no items; it is still owed an answer */
  CHECK_STATUS(callf(e, "intake", &r,
                     "{%s,\"channel\":\"inquiry\",\"applicant\":{\"name\":\"匿名咨询人\",\"hukou_town\":\"gulou\"},"
                     "\"hardship\":\"询问低保申请条件\"}",
                     A_GULOU),
               OD_OK);
  char c[64];
  snprintf(c, sizeof c, "%s", jstr(r, "case_id") ? jstr(r, "case_id") : "");
  CHECK_STR(jstr(r, "state"), "open");
  CHECK_INT(jlen(r, "items"), 0);
  json_decref(r);
  r = get_case(e, c);
  CHECK_INT(jlen(r, "obligations"), 1);
  CHECK_STR(jstr(r, "obligations[0].kind"), "inquiry");
  CHECK_STR(jstr(r, "obligations[0].unit"), "town.gulou");
  CHECK_STR(jstr(r, "obligations[0].due"), "2026-03-05T23:59:59+08:00");
  json_decref(r);
  CHECK_ERR(callf(e, "inquiry.answer", &r, "{%s,\"case_id\":\"%s\",\"reply\":\"x\",\"channel\":\"phone\"}", A_LIUYUAN, c),
            r, OD_ERR_NOT_FOUND, "case_id");
  json_decref(r);
  CHECK_ERR(callf(e, "inquiry.answer", &r, "{%s,\"case_id\":\"%s\",\"reply\":\"x\",\"channel\":\"pigeon\"}", A_GULOU, c),
            r, OD_ERR_INVALID, "channel");
  json_decref(r);
  CHECK_STATUS(callf(e, "inquiry.answer", &r,
                     "{%s,\"case_id\":\"%s\",\"reply\":\"已告知低保申请条件及所需材料\",\"channel\":\"in_person\"}", A_GULOU, c),
               OD_OK);
  CHECK_STR(jstr(r, "state"), "closed");
  CHECK_STR(jstr(r, "reply"), "已告知低保申请条件及所需材料");
  json_decref(r);
  CHECK_ERR(callf(e, "inquiry.answer", &r, "{%s,\"case_id\":\"%s\",\"reply\":\"x\",\"channel\":\"phone\"}", A_GULOU, c),
            r, OD_ERR_CONFLICT, "case_id");
  json_decref(r);
  CHECK_STATUS(callf(e, "archive", &r, "{%s,\"case_id\":\"%s\"}", A_GULOU, c), OD_OK);
  json_decref(r);

  /* a committee submits on the applicant's behalf: it must be named */
  CHECK_ERR(intake(e, &r, A_GULOU, "褚代办", pid(22), "gulou", "[\"dibao\"]", ",\"channel\":\"committee\"", NULL, NULL), r,
            OD_ERR_INVALID, "committee");
  json_decref(r);
  CHECK_STATUS(intake(e, &r, A_GULOU, "褚代办", pid(22), "gulou", "[\"dibao\"]",
                      ",\"channel\":\"committee\",\"committee\":\"古楼街道某社区居委会\"", c, NULL),
               OD_OK);
  json_decref(r);
  r = get_case(e, c);
  CHECK_STR(jstr(r, "channel"), "committee");
  CHECK_STR(jstr(r, "committee"), "古楼街道某社区居委会");
  json_decref(r);
  /* proactive discovery */
  CHECK_STATUS(intake(e, &r, A_GULOU, "主动发现对象", pid(23), "gulou", "[\"temporary\"]", ",\"channel\":\"discovery\"", c, NULL),
               OD_OK);
  json_decref(r);
  r = get_case(e, c);
  CHECK_STR(jstr(r, "channel"), "discovery");
  json_decref(r);
  /* the district window takes applications too; a department does not */
  CHECK_STATUS(intake(e, NULL, A_DISTRICT, "区窗口申请人", pid(24), "yuji", "[\"medical\"]", "", NULL, NULL), OD_OK);
  CHECK_ERR(intake(e, &r, A_CIVIL, "部门申请人", pid(25), "yuji", "[\"medical\"]", "", NULL, NULL), r, OD_ERR_FORBIDDEN,
            "actor.unit");
  json_decref(r);
  CHECK_ERR(intake(e, &r, A_GULOU_OFF, "办公室申请人", pid(26), "gulou", "[\"medical\"]", "", NULL, NULL), r,
            OD_ERR_FORBIDDEN, "actor.unit");
  json_decref(r);
  CHECK_INT(count_cases(e), 4);
  eng_close(e);
}
