/* Issue 10, the rest of the mechanism: cooperation requests, local governments, the
 * channel to social forces, the answerable handler, opinion before feedback, one
 * deadline per referral. */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define DISTRIBUTE ",\"type\":\"distribute\""
#define A_HEALTH ACTOR("dept.health", "handler")
#define A_JUSTICE ACTOR("dept.justice", "handler")
#define A_VOLUNTEER ACTOR("org.volunteer", "handler")
#define A_SOCIALWORK ACTOR("org.socialwork", "handler")
#define A_GULOU_SUPER ACTOR("town.gulou", "supervisor")

void t_cooperation_requests(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "协办甲", pid(301), "gulou", "[\"medical\"]", "", c, it), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, DISTRIBUTE, NULL), OD_OK);
  /* before: health owned nothing, so nothing could ever reach it */
  CHECK_ERR(callf(e, "case.get", &r, "{%s,\"case_id\":\"%s\"}", A_HEALTH, c), r, OD_ERR_NOT_FOUND, "case_id");
  json_decref(r);
  /* only the holder asks */
  CHECK_ERR(item_op(e, "cooperation.request", A_GULOU, it, ",\"question\":\"q\"", &r), r, OD_ERR_FORBIDDEN, "item_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "cooperation.request", A_GULOU_OFF, it, ",\"to\":[\"town.houying.office\"],\"question\":\"q\"", &r), r,
            OD_ERR_INVALID, "to[0]");
  json_decref(r);
  CHECK_ERR(item_op(e, "cooperation.request", A_GULOU_OFF, it, ",\"to\":[\"dept.nothing\"],\"question\":\"q\"", &r), r,
            OD_ERR_INVALID, "to[0]");
  json_decref(r);
  CHECK_ERR(item_op(e, "cooperation.request", A_GULOU_OFF, it, "", &r), r, OD_ERR_INVALID, "question");
  json_decref(r);
  int events = count_events(e, c);
  /* medical aid: the district says health is usually asked */
  CHECK_STATUS(item_op(e, "cooperation.request", A_GULOU_OFF, it, ",\"question\":\"申请人病情及治疗费用是否属实？\"", &r), OD_OK);
  CHECK_STR(jstr(r, "cooperations[0].to"), "dept.health");
  CHECK_STR(jstr(r, "cooperations[0].number"), "COO-2026-000001");
  CHECK_STR(jstr(r, "cooperations[0].due"), "2026-03-05T23:59:59+08:00");
  CHECK_STR(jstr(r, "item.cooperations[0].from"), "town.gulou.office");
  CHECK_STR(jstr(r, "item.state"), "notified"); /* asking is not acknowledging */
  json_decref(r);
  CHECK_INT(count_events(e, c), events + 1);
  /* the asked unit sees that case; another department still does not */
  CHECK_STATUS(callf(e, "case.get", NULL, "{%s,\"case_id\":\"%s\"}", A_HEALTH, c), OD_OK);
  CHECK_ERR(callf(e, "case.get", &r, "{%s,\"case_id\":\"%s\"}", A_JUSTICE, c), r, OD_ERR_NOT_FOUND, "case_id");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.list", &r, "{%s}", A_HEALTH), OD_OK);
  CHECK_INT(jint(r, "count"), 1);
  json_decref(r);
  /* asked twice while unanswered: refused */
  CHECK_ERR(item_op(e, "cooperation.request", A_GULOU_OFF, it, ",\"to\":[\"dept.health\"],\"question\":\"q\"", &r), r,
            OD_ERR_CONFLICT, "to[0]");
  json_decref(r);
  /* the deadline is an obligation, in due.list */
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"unit\":\"dept.health\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "due"), 1);
  CHECK_STR(jstr(r, "due[0].kind"), "cooperation");
  CHECK_STR(jstr(r, "due[0].due"), "2026-03-05T23:59:59+08:00");
  json_decref(r);
  CHECK_STATUS(callf(e, "clock.advance", NULL, "{\"working_days\":4}"), OD_OK);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"unit\":\"dept.health\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 1);
  json_decref(r);
  /* the answer */
  CHECK_ERR(item_op(e, "cooperation.answer", A_JUSTICE, it, ",\"cooperation\":\"COO-2026-000001\",\"answer\":\"x\"", &r), r,
            OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "cooperation.answer", A_HEALTH, it, ",\"cooperation\":\"COO-2026-000009\",\"answer\":\"x\"", &r), r,
            OD_ERR_NOT_FOUND, "cooperation");
  json_decref(r);
  CHECK_ERR(item_op(e, "cooperation.answer", A_HEALTH, it, ",\"cooperation\":\"COO-2026-000001\"", &r), r, OD_ERR_INVALID, "answer");
  json_decref(r);
  CHECK_STATUS(item_op(e, "cooperation.answer", A_HEALTH, it,
                       ",\"cooperation\":\"COO-2026-000001\",\"answer\":\"经核实，申请人患慢性肾病，年自付医疗费约三万元\"", &r),
               OD_OK);
  CHECK_STR(jstr(r, "item.cooperations[0].answer"), "经核实，申请人患慢性肾病，年自付医疗费约三万元");
  CHECK_STR(jstr(r, "item.cooperations[0].answered_by"), "O-dept.health");
  json_decref(r);
  CHECK_ERR(item_op(e, "cooperation.answer", A_HEALTH, it, ",\"cooperation\":\"COO-2026-000001\",\"answer\":\"x\"", &r), r,
            OD_ERR_CONFLICT, "cooperation");
  json_decref(r);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"unit\":\"dept.health\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "due") + jlen(r, "overdue"), 0);
  json_decref(r);
  /* the answer is in the file */
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, c), OD_OK);
  CHECK(jhas(r, "events", "type", "cooperation_requested"));
  CHECK_INT(jbool(jfind(r, "events", "type", "cooperation_answered"), "data.late"), 1);
  CHECK_STR(jstr(r, "case.items[0].cooperations[0].answer"), "经核实，申请人患慢性肾病，年自付医疗费约三万元");
  json_decref(r);
  /* a category nobody usually cooperates on needs "to" */
  char c2[64], it2[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "协办乙", pid(302), "gulou", "[\"tekun\"]", "", c2, it2), OD_OK);
  CHECK_ERR(item_op(e, "cooperation.request", A_GULOU, it2, ",\"question\":\"q\"", &r), r, OD_ERR_INVALID, "to");
  json_decref(r);
  /* a window holding an item may ask too; justice and finance can be asked */
  CHECK_STATUS(item_op(e, "cooperation.request", A_GULOU, it2, ",\"to\":[\"dept.justice\",\"dept.finance\"],\"question\":\"q\"", &r),
               OD_OK);
  CHECK_INT(jlen(r, "cooperations"), 2);
  CHECK_STR(jstr(r, "cooperations[1].number"), "COO-2026-000003");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.get", NULL, "{%s,\"case_id\":\"%s\"}", ACTOR("dept.finance", "head"), c2), OD_OK);
  eng_close(e);
}

void t_local_governments(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "政府甲", pid(311), "gulou", "[\"dibao\"]", "", c, it), OD_OK);
  /* before: a window's request was refused as "at_window"; now its supervisor raises it */
  CHECK_ERR(item_op(e, "decision.request", A_GULOU, it, ",\"question\":\"q\"", &r), r, OD_ERR_FORBIDDEN, "actor.role");
  json_decref(r);
  CHECK_STATUS(item_op(e, "decision.request", A_GULOU_SUPER, it, ",\"question\":\"户籍在本镇但常年外出，能否受理？\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.state"), "awaiting_decision");
  CHECK_STR(jstr(r, "item.decision.to"), "town.gulou.gov");
  CHECK_STR(jstr(r, "item.resume_state"), "at_window");
  json_decref(r);
  r = get_case(e, c);
  CHECK_STR(jstr(jfind(r, "obligations", "kind", "decision"), "unit"), "town.gulou.gov");
  CHECK(jfind(r, "obligations", "kind", "route") == NULL); /* the window waits */
  json_decref(r);
  CHECK_ERR(item_op(e, "route", A_GULOU, it, DISTRIBUTE, &r), r, OD_ERR_CONFLICT, "item_id");
  json_decref(r);
  CHECK_STATUS(item_op(e, "decision.record", A_GULOU_GOV, it, ",\"decision\":\"可以受理，按居住地核查\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.state"), "at_window"); /* back where it was asked */
  CHECK_STR(jstr(r, "item.holder"), "town.gulou");
  json_decref(r);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, DISTRIBUTE, NULL), OD_OK);

  /* the district window goes to the district government */
  char c2[64], it2[80];
  CHECK_STATUS(intake(e, NULL, A_DISTRICT, "政府乙", pid(312), "houying", "[\"housing\"]", "", c2, it2), OD_OK);
  CHECK_STATUS(item_op(e, "decision.request", A_SUPER, it2, ",\"question\":\"q\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.decision.to"), "gov.district");
  json_decref(r);
  /* the applicant's town government sees the case, but was not asked */
  CHECK_ERR(item_op(e, "decision.record", ACTOR("town.houying.gov", "head"), it2, ",\"decision\":\"x\"", &r), r,
            OD_ERR_FORBIDDEN, "actor.unit");
  json_decref(r);
  CHECK_STATUS(item_op(e, "decision.record", A_GOV, it2, ",\"decision\":\"同意\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.state"), "at_window");
  json_decref(r);
  /* a department goes to the district government too */
  CHECK_STATUS(item_op(e, "route", A_DISTRICT, it2, ",\"type\":\"transfer\"", NULL), OD_OK);
  CHECK_STATUS(item_op(e, "acknowledge", A_HOUSING, it2, "", NULL), OD_OK);
  CHECK_STATUS(item_op(e, "decision.request", ACTOR("dept.housing", "head"), it2, ",\"question\":\"q2\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.decision.to"), "gov.district");
  json_decref(r);

  /* a major case is still reported to the district government */
  char c3[64];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "政府丙", pid(313), "gulou", "[\"temporary\"]", ",\"urgency\":\"major\"", c3, NULL),
               OD_OK);
  r = get_case(e, c3);
  CHECK(jstr(r, "reported_at") != NULL);
  CHECK(jcontains(r, "units", "gov.district"));
  json_decref(r);
  /* each town has its government, and engine configuration lists them as units */
  CHECK_STATUS(callf(e, "case.get", NULL, "{%s,\"case_id\":\"%s\"}", A_GULOU_GOV, c), OD_OK);
  eng_close(e);
}

/* Masking compares on a normalised form: a phone written with separators or in
 * full-width digits, and a piece of the address, do not leave either. */
void t_help_masking(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char member[20];
  snprintf(member, sizeof member, "%s", pid(323));
  CHECK_STATUS(callf(e, "intake", &r,
                     "{%s,\"applicant\":{\"name\":\"遮蔽甲\",\"id_number\":\"%s\",\"phone\":\"13812345678\","
                     "\"hukou_town\":\"gulou\",\"address\":\"古楼街道幸福路12号3单元401\"},"
                     "\"household\":[{\"name\":\"遮蔽乙\",\"id_number\":\"%s\",\"relation\":\"子女\"}],"
                     "\"hardship\":\"因病致贫\",\"categories\":[\"temporary\"]}",
                     A_GULOU, pid(322), member),
               OD_OK);
  char c[64], it[80];
  snprintf(c, sizeof c, "%s", jstr(r, "case_id"));
  snprintf(it, sizeof it, "%s", jstr(r, "items[0].id"));
  json_decref(r);
  int events = count_events(e, c);
  const char *leaks[] = {"138-1234-5678", "138 1234 5678", "１３８１２３４５６７８", "(138)1234.5678",
                         "幸福路12号", "幸福路１２号", "12号3单元", "遮 蔽 乙", "账户 6222 0212 3456",
                         "一三八一二三四五六七八", "手机尾号5678"};
  for (size_t i = 0; i < sizeof leaks / sizeof leaks[0]; ++i) {
    char extra[300];
    snprintf(extra, sizeof extra, ",\"text\":\"急需帮扶，联系 %s\"", leaks[i]);
    int st = item_op(e, "help.broadcast", A_GULOU, it, extra, &r);
    if (st != OD_ERR_INVALID) fprintf(stderr, "      (%s)\n", leaks[i]);
    CHECK_ERR(st, r, OD_ERR_INVALID, "text");
    json_decref(r);
  }
  CHECK_INT(count_events(e, c), events);
  /* what is needed, and where in general, still goes */
  CHECK_STATUS(item_op(e, "help.broadcast", A_GULOU, it, ",\"text\":\"古楼街道一户两口，急需冬季衣物和3个月生活帮扶\"", &r),
               OD_OK);
  json_decref(r);
  eng_close(e);
}

void t_help_channel(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80], buf[512];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "求助甲", pid(321), "gulou", "[\"temporary\"]", "", c, it), OD_OK);
  /* nothing that identifies the applicant leaves in a help request */
  const char *leaks[] = {"身份证号", "13800000001", "测试路1号", "求助甲", "账号6222021234"};
  snprintf(buf, sizeof buf, "身份证号%s", pid(321));
  leaks[0] = buf;
  int events = count_events(e, c);
  for (size_t i = 0; i < sizeof leaks / sizeof leaks[0]; ++i) {
    char extra[700];
    snprintf(extra, sizeof extra, ",\"text\":\"急需帮扶 %s\"", leaks[i]);
    CHECK_ERR(item_op(e, "help.broadcast", A_GULOU, it, extra, &r), r, OD_ERR_INVALID, "text");
    json_decref(r);
  }
  CHECK_INT(count_events(e, c), events);
  CHECK_ERR(item_op(e, "help.broadcast", A_GULOU, it, ",\"text\":\"x\",\"to\":[\"dept.civil\"]", &r), r, OD_ERR_INVALID,
            "to[0]");
  json_decref(r);
  CHECK_ERR(item_op(e, "help.broadcast", A_GULOU_OFF, it, ",\"text\":\"x\"", &r), r, OD_ERR_FORBIDDEN, "item_id");
  json_decref(r);
  /* to the organisations serving the need (临时救助: need "urgent") */
  CHECK_STATUS(item_op(e, "help.broadcast", A_GULOU, it, ",\"text\":\"一户三口，因病急需临时生活帮扶\"", &r), OD_OK);
  CHECK_STR(jstr(r, "broadcast.number"), "HLP-2026-000001");
  CHECK_INT(jlen(r, "broadcast.to"), 2);
  CHECK(jcontains(r, "broadcast.to", "org.charity"));
  CHECK(jcontains(r, "broadcast.to", "org.volunteer"));
  CHECK_STR(jstr(r, "item.state"), "at_window");
  json_decref(r);
  /* the organisations asked do not see the case */
  CHECK_ERR(callf(e, "case.get", &r, "{%s,\"case_id\":\"%s\"}", A_CHARITY, c), r, OD_ERR_NOT_FOUND, "case_id");
  json_decref(r);
  /* an organisation that was not asked learns nothing: the answer a missing item gives */
  CHECK_ERR(item_op(e, "help.offer", A_SOCIALWORK, it, ",\"broadcast\":\"HLP-2026-000001\",\"answer\":\"offer\",\"text\":\"x\"", &r),
            r, OD_ERR_NOT_FOUND, "item_id");
  {
    char want[120];
    snprintf(want, sizeof want, "no item '%s'", it);
    CHECK_STR(jstr(r, "error.message"), want);
  }
  json_decref(r);
  CHECK_ERR(item_op(e, "help.offer", A_CHARITY, it, ",\"broadcast\":\"HLP-2026-000001\",\"answer\":\"maybe\",\"text\":\"x\"", &r), r,
            OD_ERR_INVALID, "answer");
  json_decref(r);
  CHECK_STATUS(item_op(e, "help.offer", A_CHARITY, it,
                       ",\"broadcast\":\"HLP-2026-000001\",\"answer\":\"offer\",\"text\":\"资助生活费两千元并安排志愿者探访\"", &r),
               OD_OK);
  CHECK_STR(jstr(r, "org"), "org.charity");
  CHECK(jget(r, "item") == NULL && jget(r, "case_id") == NULL); /* nothing of the case comes back */
  json_decref(r);
  CHECK_ERR(item_op(e, "help.offer", A_CHARITY, it, ",\"broadcast\":\"HLP-2026-000001\",\"answer\":\"offer\",\"text\":\"x\"", &r), r,
            OD_ERR_CONFLICT, "broadcast");
  json_decref(r);
  CHECK_STATUS(item_op(e, "help.offer", A_VOLUNTEER, it,
                       ",\"broadcast\":\"HLP-2026-000001\",\"answer\":\"decline\",\"text\":\"本月志愿者已满\"", NULL),
               OD_OK);
  /* accept: only an offer, only by the holding window */
  CHECK_ERR(item_op(e, "help.accept", A_GULOU, it, ",\"broadcast\":\"HLP-2026-000001\",\"org\":\"org.volunteer\"", &r), r,
            OD_ERR_CONFLICT, "org");
  json_decref(r);
  CHECK_ERR(item_op(e, "help.accept", A_GULOU, it, ",\"broadcast\":\"HLP-2026-000001\",\"org\":\"org.socialwork\"", &r), r,
            OD_ERR_NOT_FOUND, "org");
  json_decref(r);
  CHECK_ERR(item_op(e, "help.accept", A_GULOU, it, ",\"broadcast\":\"HLP-2026-000002\",\"org\":\"org.charity\"", &r), r,
            OD_ERR_NOT_FOUND, "broadcast");
  json_decref(r);
  CHECK_STATUS(item_op(e, "help.accept", A_GULOU, it, ",\"broadcast\":\"HLP-2026-000001\",\"org\":\"org.charity\"", &r), OD_OK);
  CHECK_STR(jstr(r, "notice.type"), "refer");
  CHECK_STR(jstr(r, "notice.receiver"), "org.charity");
  CHECK_STR(jstr(r, "item.holder"), "org.charity");
  CHECK_STR(jstr(r, "item.state"), "notified");
  CHECK(jstr(r, "item.broadcasts[0].offers[0].accepted_at") != NULL);
  json_decref(r);
  /* the referral has its one deadline */
  r = get_case(e, c);
  CHECK_INT(jlen(r, "obligations"), 1);
  CHECK_STR(jstr(r, "obligations[0].kind"), "feedback");
  CHECK_STR(jstr(r, "obligations[0].unit"), "org.charity");
  CHECK_STR(jstr(r, "obligations[0].due"), "2026-03-05T23:59:59+08:00");
  json_decref(r);
  /* every broadcast, offer and acceptance is in the file */
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, c), OD_OK);
  CHECK(jhas(r, "events", "type", "help_broadcast"));
  CHECK(jhas(r, "events", "type", "help_offered"));
  CHECK(jhas(r, "events", "type", "help_declined"));
  CHECK(jhas(r, "events", "type", "help_accepted"));
  CHECK_STR(jstr(jfind(r, "events", "type", "help_offered"), "actor.unit"), "org.charity");
  json_decref(r);
  /* the organisation now sees the case it was referred, and reports back */
  CHECK_STATUS(feedback_granted(e, A_CHARITY, it, &r), OD_OK);
  CHECK_STR(jstr(r, "case_state"), "closed");
  json_decref(r);
  /* archived: an organisation that was asked is told so, one that was not learns nothing */
  CHECK_STATUS(callf(e, "archive", NULL, "{%s,\"case_id\":\"%s\"}", A_GULOU, c), OD_OK);
  CHECK_ERR(item_op(e, "help.offer", A_SOCIALWORK, it, ",\"broadcast\":\"HLP-2026-000001\",\"answer\":\"offer\",\"text\":\"x\"", &r),
            r, OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "help.offer", A_VOLUNTEER, it, ",\"broadcast\":\"HLP-2026-000001\",\"answer\":\"offer\",\"text\":\"x\"", &r),
            r, OD_ERR_ARCHIVED, "item_id");
  json_decref(r);
  CHECK_ERR(item_op(e, "emergency.grant", A_LIUYUAN, it, ",\"measures\":\"x\"", &r), r, OD_ERR_NOT_FOUND, "item_id");
  json_decref(r);
  eng_close(e);
}

void t_answerable_handler(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "承办甲", pid(331), "gulou", "[\"dibao\"]", "", c, it), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, DISTRIBUTE, NULL), OD_OK);
  CHECK_ERR(item_op(e, "handler.change", A_GULOU_HEAD, it, ",\"handler\":\"王五\",\"reason\":\"x\"", &r), r, OD_ERR_CONFLICT,
            "item_id");
  json_decref(r);
  CHECK_STATUS(item_op(e, "acknowledge", A_GULOU_OFF, it, ",\"handler\":\"李承办\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.handler"), "李承办");
  CHECK_STR(jstr(r, "item.notices[0].handler"), "李承办");
  json_decref(r);
  CHECK_STATUS(item_op(e, "opinion", A_GULOU_OFF, it, ",\"opinion\":\"拟同意\"", NULL), OD_OK);
  CHECK_ERR(item_op(e, "handler.change", A_GULOU_OFF, it, ",\"handler\":\"王承办\",\"reason\":\"x\"", &r), r, OD_ERR_FORBIDDEN,
            "actor.role");
  json_decref(r);
  CHECK_ERR(item_op(e, "handler.change", A_GULOU_HEAD, it, ",\"handler\":\"李承办\",\"reason\":\"x\"", &r), r, OD_ERR_INVALID,
            "handler");
  json_decref(r);
  CHECK_ERR(item_op(e, "handler.change", A_GULOU_HEAD, it, ",\"handler\":\"王承办\"", &r), r, OD_ERR_INVALID, "reason");
  json_decref(r);
  CHECK_STATUS(item_op(e, "handler.change", A_GULOU_HEAD, it, ",\"handler\":\"王承办\",\"reason\":\"李承办休假\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.handler"), "王承办");
  CHECK_STR(jstr(r, "item.notices[0].handler"), "李承办"); /* who acknowledged stays on the notice */
  json_decref(r);
  CHECK_STATUS(feedback_granted(e, A_GULOU_OFF, it, &r), OD_OK);
  CHECK_STR(jstr(r, "item.feedback.handler"), "王承办");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, c), OD_OK);
  CHECK_STR(jstr(jfind(r, "events", "type", "acknowledged"), "data.handler"), "李承办");
  CHECK_STR(jstr(jfind(r, "events", "type", "opinion_given"), "data.handler"), "李承办");
  json_t *ch = jfind(r, "events", "type", "handler_changed");
  CHECK_STR(jstr(ch, "data.from"), "李承办");
  CHECK_STR(jstr(ch, "data.to"), "王承办");
  CHECK_STR(jstr(ch, "data.reason"), "李承办休假");
  CHECK_STR(jstr(jfind(r, "documents", "type", "feedback"), "handler"), "王承办");
  json_decref(r);
  CHECK_ERR(item_op(e, "handler.change", A_GULOU_HEAD, it, ",\"handler\":\"赵六\",\"reason\":\"x\"", &r), r, OD_ERR_CONFLICT,
            "item_id");
  json_decref(r);
  /* acknowledging without naming one: the officer who acknowledged answers for it */
  char c2[64], it2[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "承办乙", pid(332), "gulou", "[\"medical\"]", "", c2, it2), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it2, DISTRIBUTE, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "opinion", A_GULOU_OFF, it2, ",\"opinion\":\"x\"", &r), OD_OK);
  CHECK_STR(jstr(r, "item.handler"), "O-town.gulou.office");
  json_decref(r);
  eng_close(e);
}

void t_opinion_before_feedback(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80], now[64], req[1024];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "意见甲", pid(341), "gulou", "[\"dibao\"]", "", c, it), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it, DISTRIBUTE, NULL), OD_OK);
  snprintf(now, sizeof now, "%s", now_text(e));
  snprintf(req, sizeof req,
           ",\"outcome\":\"granted\",\"measures\":\"按月发放\",\"told_at\":\"%s\",\"channel\":\"phone\","
           "\"signer\":\"张主任\",\"seal\":\"古楼街道社会事务办公章\"",
           now);
  /* before: feedback with no opinion closed the case and the file had none */
  int events = count_events(e, c);
  CHECK_ERR(item_op(e, "feedback", A_GULOU_HEAD, it, req, &r), r, OD_ERR_INVALID, "opinion");
  CHECK(strstr(jstr(r, "error.message"), "DST-2026-000001") != NULL);
  json_decref(r);
  CHECK_INT(count_events(e, c), events);
  /* a window officer may not sign a town office's feedback (before: OK with 张主任) */
  char with_opinion[1200];
  snprintf(with_opinion, sizeof with_opinion, "%s,\"opinion\":\"经入户核查，符合低保条件\"", req);
  CHECK_ERR(item_op(e, "feedback", ACTOR("town.gulou.office", "officer"), it, with_opinion, &r), r, OD_ERR_FORBIDDEN,
            "actor.role");
  json_decref(r);
  CHECK_ERR(item_op(e, "feedback", A_GULOU_OFF, it, with_opinion, &r), r, OD_ERR_FORBIDDEN, "actor.role");
  json_decref(r);
  /* the opinion in the same call */
  CHECK_STATUS(item_op(e, "feedback", A_GULOU_HEAD, it, with_opinion, &r), OD_OK);
  CHECK_STR(jstr(r, "item.opinion"), "经入户核查，符合低保条件");
  CHECK(jstr(r, "item.opinion_at") != NULL);
  CHECK_STR(jstr(r, "case_state"), "closed");
  json_decref(r);
  CHECK_STATUS(callf(e, "case.file", &r, "{%s,\"case_id\":\"%s\"}", A_DISTRICT, c), OD_OK);
  json_t *op = jfind(r, "events", "type", "opinion_given");
  CHECK_INT(jbool(op, "data.with_feedback"), 1);
  CHECK(jint(op, "seq") < jint(jfind(r, "events", "type", "feedback_recorded"), "seq"));
  json_decref(r);
  /* given first, it may not be given again with the feedback */
  char c2[64], it2[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "意见乙", pid(342), "gulou", "[\"medical\"]", "", c2, it2), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, it2, DISTRIBUTE, NULL), OD_OK);
  CHECK_STATUS(item_op(e, "opinion", A_GULOU_OFF, it2, ",\"opinion\":\"同意\"", NULL), OD_OK);
  CHECK_ERR(item_op(e, "feedback", A_GULOU_HEAD, it2, with_opinion, &r), r, OD_ERR_INVALID, "opinion");
  json_decref(r);
  CHECK_STATUS(item_op(e, "feedback", A_GULOU_HEAD, it2, req, NULL), OD_OK);
  /* a referral asks no separate opinion */
  char c3[64], it3[80];
  CHECK_STATUS(intake(e, NULL, A_DISTRICT, "意见丙", pid(343), "gulou", "[\"charity\"]", "", c3, it3), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_DISTRICT, it3, ",\"type\":\"refer\",\"to\":\"org.charity\"", NULL), OD_OK);
  CHECK_ERR(item_op(e, "feedback", ACTOR("org.charity", "head"), it3, with_opinion, &r), r, OD_ERR_INVALID, "opinion");
  json_decref(r);
  CHECK_STATUS(item_op(e, "feedback", ACTOR("org.charity", "head"), it3, req, NULL), OD_OK);
  eng_close(e);
}

void t_referral_one_deadline(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  char c[64], it[80];
  CHECK_STATUS(intake(e, NULL, A_DISTRICT, "转介甲", pid(351), "gulou", "[\"charity\"]", "", c, it), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_DISTRICT, it, ",\"type\":\"refer\",\"to\":\"org.charity\"", NULL), OD_OK);
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"unit\":\"org.charity\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "due"), 1);
  CHECK_STR(jstr(r, "due[0].kind"), "feedback");
  json_decref(r);
  CHECK_STATUS(callf(e, "clock.advance", NULL, "{\"working_days\":4}"), OD_OK);
  /* before: two overdue obligations (opinion and feedback) for one referred item */
  CHECK_STATUS(callf(e, "due.list", &r, "{%s,\"unit\":\"org.charity\"}", A_DISTRICT), OD_OK);
  CHECK_INT(jlen(r, "overdue"), 1);
  CHECK_INT(jint(json_object_get(json_object_get(r, "units"), "org.charity"), "overdue"), 1);
  json_decref(r);
  CHECK_STATUS(callf(e, "stats", &r, "{%s}", A_DISTRICT), OD_OK);
  CHECK_INT(jint(r, "overdue_items"), 1);
  json_decref(r);
  eng_close(e);
}
