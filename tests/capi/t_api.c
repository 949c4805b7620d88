/* The API surface: versions, status names, NULL arguments, od_open errors, unknown
 * operations, durability across close and reopen. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "test_database.h"

void t_version_and_status_names(void) {
  CHECK_INT(od_version_number(), OD_VERSION_NUMBER);
  CHECK_STR(od_version(), OD_VERSION_STRING);
  CHECK_INT(OD_VERSION_NUMBER, OD_VERSION_MAJOR * 1000000 + OD_VERSION_MINOR * 1000 + OD_VERSION_PATCH);
  CHECK_STR(od_status_name(OD_OK), "OK");
  CHECK_STR(od_status_name(OD_ERR_INVALID), "INVALID");
  CHECK_STR(od_status_name(OD_ERR_NOT_FOUND), "NOT_FOUND");
  CHECK_STR(od_status_name(OD_ERR_FORBIDDEN), "FORBIDDEN");
  CHECK_STR(od_status_name(OD_ERR_CONFLICT), "CONFLICT");
  CHECK_STR(od_status_name(OD_ERR_ARCHIVED), "ARCHIVED");
  CHECK_STR(od_status_name(OD_ERR_TOO_LARGE), "TOO_LARGE");
  CHECK_STR(od_status_name(OD_ERR_CONFIG), "CONFIG");
  CHECK_STR(od_status_name(OD_ERR_STORAGE), "STORAGE");
  CHECK_STR(od_status_name(OD_ERR_NOMEM), "NOMEM");
  CHECK_STR(od_status_name(OD_ERR_MISUSE), "MISUSE");
  CHECK_STR(od_status_name(OD_ERR_UNKNOWN_OP), "UNKNOWN_OP");
  CHECK_STR(od_status_name(OD_ERR_INTERNAL), "INTERNAL");
  CHECK_STR(od_status_name(13), "UNKNOWN");
  CHECK_STR(od_status_name(-1), "UNKNOWN");
  CHECK_STR(od_status_name(2147483647), "UNKNOWN");
}

void t_null_arguments(void) {
  char *resp = NULL;
  json_t *j;
  /* NULL engine */
  CHECK_STATUS(od_call(NULL, "case.list", "{}", &resp), OD_ERR_MISUSE);
  CHECK(resp != NULL);
  j = resp ? json_loads(resp, 0, NULL) : NULL;
  CHECK_STR(jstr(j, "error.code"), "MISUSE");
  CHECK_STR(jstr(j, "error.field"), "engine");
  json_decref(j);
  od_free(resp);
  CHECK_STATUS(od_call(NULL, "case.list", "{}", NULL), OD_ERR_MISUSE);

  od_engine *e = eng_open();
  /* NULL operation */
  resp = NULL;
  CHECK_STATUS(od_call(e, NULL, "{}", &resp), OD_ERR_MISUSE);
  j = resp ? json_loads(resp, 0, NULL) : NULL;
  CHECK_STR(jstr(j, "error.field"), "operation");
  json_decref(j);
  od_free(resp);
  /* NULL request means {} */
  resp = NULL;
  CHECK_STATUS(od_call(e, "engine.status", NULL, &resp), OD_OK);
  j = resp ? json_loads(resp, 0, NULL) : NULL;
  CHECK_STR(jstr(j, "clock"), "manual");
  CHECK_STR(jstr(j, "now"), T0);
  CHECK_STR(jstr(j, "district"), "371502");
  CHECK_INT(jint(j, "workers"), 0);
  CHECK_STR(jstr(j, "version"), OD_VERSION_STRING);
  CHECK(jint(j, "calendar_years[0]") == 2026);
  json_decref(j);
  od_free(resp);
  /* NULL out_response: status only */
  CHECK_STATUS(od_call(e, "engine.status", "{}", NULL), OD_OK);
  CHECK_STATUS(od_call(e, "case.list", "{}", NULL), OD_ERR_INVALID); /* no actor */
  /* NULL request for an operation that needs an actor: INVALID naming it */
  json_t *r = NULL;
  CHECK_ERR(call_raw(e, "case.list", &r, NULL), r, OD_ERR_INVALID, "actor");
  json_decref(r);
  eng_close(e);

  /* od_open with NULLs */
  od_engine *x = (od_engine *)0x1;
  char *err = NULL;
  CHECK_STATUS(od_open(NULL, &x, &err), OD_ERR_MISUSE);
  CHECK(x == NULL);
  CHECK(err != NULL);
  j = err ? json_loads(err, 0, NULL) : NULL;
  CHECK_STR(jstr(j, "error.field"), "config_json");
  json_decref(j);
  od_free(err);
  err = NULL;
  CHECK_STATUS(od_open("{}", NULL, &err), OD_ERR_MISUSE);
  j = err ? json_loads(err, 0, NULL) : NULL;
  CHECK_STR(jstr(j, "error.field"), "out_engine");
  json_decref(j);
  od_free(err);
  CHECK_STATUS(od_open(NULL, &x, NULL), OD_ERR_MISUSE);
  /* accepted NULLs */
  od_close(NULL);
  od_free(NULL);
}

static void open_fails(const char *cfg, const char *want_field) {
  od_engine *e = (od_engine *)0x1;
  char *err = NULL;
  int st = od_open(cfg, &e, &err);
  CHECK_STATUS(st, OD_ERR_CONFIG);
  CHECK(e == NULL);
  json_t *j = err ? json_loads(err, 0, NULL) : NULL;
  CHECK_STR(jstr(j, "error.code"), "CONFIG");
  if (want_field) CHECK_STR(jstr(j, "error.field"), want_field);
  if (st != OD_ERR_CONFIG) fprintf(stderr, "      config: %s\n      error: %s\n", cfg, err ? err : "(null)");
  json_decref(j);
  od_free(err);
  if (st == OD_OK) od_close(e);
}

void t_open_errors(void) {
  open_fails("not json", NULL);
  open_fails("[1,2]", NULL);
  open_fails("{\"district_file\":\"" SAMPLE_DISTRICT "\"}", "database");
  open_fails("{\"database\":\"/tmp/od-capi-never.db\",\"district_file\":\"/nonexistent/district.json\"}",
             "district_file");
  open_fails("{\"database\":\"/tmp/od-capi-never.db\",\"district_file\":\"" SAMPLE_DISTRICT
             "\",\"clock\":\"sundial\"}",
             "clock");
  open_fails("{\"database\":\"/tmp/od-capi-never.db\",\"district_file\":\"" SAMPLE_DISTRICT
             "\",\"clock\":\"manual\",\"clock_start\":\"yesterday\"}",
             "clock_start");
  open_fails("{\"database\":\"/tmp/od-capi-never.db\",\"district_file\":\"" SAMPLE_DISTRICT
             "\",\"delivery\":{\"workers\":-1}}",
             "delivery.workers");
  /* an inline district with a bad owner: the field path is inside the district */
  open_fails("{\"database\":\"/tmp/od-capi-never.db\",\"district\":{\"code\":\"371502\",\"name\":\"x\","
             "\"towns\":[{\"code\":\"a\",\"name\":\"甲镇\"}],"
             "\"units\":[{\"id\":\"district\",\"kind\":\"district_window\",\"name\":\"w\"},"
             "{\"id\":\"gov\",\"kind\":\"government\",\"name\":\"g\"}],"
             "\"categories\":[{\"code\":\"dibao\",\"name\":\"低保\",\"owner\":\"dept.none\"}]}}",
             "district.categories[0].owner");
  /* the database as an object (docs/storage.md): each mistake names its member */
#define OD_DB_CFG(db) "{\"database\":" db ",\"district_file\":\"" SAMPLE_DISTRICT "\"}"
  open_fails(OD_DB_CFG("42"), "database");
  open_fails(OD_DB_CFG("{\"backend\":\"oracle\"}"), "database.backend");
  open_fails(OD_DB_CFG("{\"path\":\"/tmp/od-capi-never.db\"}"), "database.backend");
  open_fails(OD_DB_CFG("{\"backend\":\"sqlite\"}"), "database.path");
  open_fails(OD_DB_CFG("{\"backend\":\"sqlite\",\"path\":\"/tmp/od-capi-never.db\",\"conninfo\":\"x\"}"),
             "database.conninfo");
  open_fails(OD_DB_CFG("{\"backend\":\"postgresql\"}"), "database.conninfo");
  open_fails(OD_DB_CFG("{\"backend\":\"postgresql\",\"conninfo\":\"host=/x\",\"path\":\"/tmp/x.db\"}"), "database.path");
  open_fails(OD_DB_CFG("{\"backend\":\"postgresql\",\"conninfo\":\"host=/x\",\"password_env\":\"OD_CAPI_NEVER_SET\"}"),
             "database.password_env");
  open_fails(OD_DB_CFG("{\"backend\":\"postgresql\",\"conninfo\":\"host=/x\",\"password_file\":\"/nonexistent/pw\"}"),
             "database.password_file");
  /* a server that is not there, and a conninfo that does not parse */
  open_fails(OD_DB_CFG("{\"backend\":\"postgresql\",\"conninfo\":\"host=/nonexistent-od-socket dbname=x\"}"),
             "database.conninfo");
  open_fails(OD_DB_CFG("{\"backend\":\"postgresql\",\"conninfo\":\"host = = x\"}"), "database.conninfo");
#undef OD_DB_CFG
  unlink("/tmp/od-capi-never.db");

  /* engine.status names the backend; a conninfo is shown without its password */
  od_engine *e = eng_open();
  json_t *r = NULL;
  CHECK_STATUS(callf(e, "engine.status", &r, "{}"), OD_OK);
  CHECK_STR(jstr(r, "backend"), od_test_on_pg() ? "postgresql" : "sqlite");
  CHECK(jstr(r, "database") != NULL && strstr(jstr(r, "database"), "password") == NULL);
  json_decref(r);
  eng_close(e);
}

void t_unknown_operation(void) {
  od_engine *e = eng_open();
  json_t *r = NULL;
  CHECK_ERR(callf(e, "case.delete", &r, "{%s}", A_DISTRICT), r, OD_ERR_UNKNOWN_OP, "operation");
  json_decref(r);
  CHECK_ERR(callf(e, "", &r, "{%s}", A_DISTRICT), r, OD_ERR_UNKNOWN_OP, "operation");
  json_decref(r);
  if (od_test_on_pg()) {
    /* a password in the conninfo, and one by reference: neither is ever shown */
    const char *db = eng_db_json(); /* {"backend":"postgresql","conninfo":"..."} */
    char with_pw[4096], cfg[8192];
    snprintf(with_pw, sizeof with_pw, "%.*s password=s3cret-inline\",\"password_env\":\"OD_CAPI_PW\"}",
             (int)(strlen(db) - 2), db);
    setenv("OD_CAPI_PW", "s3cret-env", 1);
    snprintf(cfg, sizeof cfg, "{\"database\":%s,\"district_file\":\"%s\",\"delivery\":{\"workers\":0}}", with_pw,
             SAMPLE_DISTRICT);
    eng_close(e);
    od_engine *p = NULL;
    char *err = NULL;
    CHECK_STATUS(od_open(cfg, &p, &err), OD_OK);
    od_free(err);
    if (p) {
      CHECK_STATUS(callf(p, "engine.status", &r, "{}"), OD_OK);
      char *text = json_dumps(r, 0);
      CHECK(text && strstr(text, "s3cret") == NULL);
      free(text);
      json_decref(r);
      od_close(p);
    }
    return;
  }
  eng_close(e);
}

void t_durable_across_reopen(void) {
  od_engine *e = eng_open();
  char case_id[64], item_id[80];
  json_t *r = NULL;
  CHECK_STATUS(intake(e, NULL, A_GULOU, "王小明", pid(1), "gulou", "[\"dibao\"]", "", case_id, item_id), OD_OK);
  CHECK_STATUS(item_op(e, "route", A_GULOU, item_id, ",\"type\":\"distribute\"", &r), OD_OK);
  const char *num = jstr(r, "notice.number");
  char number[64];
  snprintf(number, sizeof number, "%s", num ? num : "");
  json_decref(r);

  e = eng_reopen(e);
  CHECK(e != NULL);
  if (!e) return;
  r = get_case(e, case_id);
  CHECK_STR(jstr(r, "id"), case_id);
  CHECK_STR(jstr(r, "applicant.name"), "王小明");
  CHECK_STR(jstr(r, "items[0].state"), "notified");
  CHECK_STR(jstr(r, "items[0].holder"), "town.gulou.office");
  CHECK_STR(jstr(r, "items[0].notices[0].number"), number);
  json_decref(r);
  /* numbering continues after the reopen: no case id or notice number is reused */
  char case2[64], item2[80];
  CHECK_STATUS(intake(e, NULL, A_GULOU, "李四", pid(2), "gulou", "[\"medical\"]", "", case2, item2), OD_OK);
  CHECK(strcmp(case2, case_id) != 0);
  CHECK_STATUS(item_op(e, "route", A_GULOU, item2, ",\"type\":\"distribute\"", &r), OD_OK);
  CHECK(jstr(r, "notice.number") && strcmp(jstr(r, "notice.number"), number) != 0);
  json_decref(r);
  CHECK_INT(count_cases(e), 2);
  /* the clock starts again at clock_start; the event log survived */
  CHECK(count_events(e, case_id) >= 3);
  eng_close(e);
}
