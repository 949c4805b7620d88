/* What onedoor.h promises about text: everything in and out is UTF-8; a request or a
 * configuration that is not is refused whole with the field named and nothing changes;
 * an operation name that is not is UNKNOWN_OP; every response is valid UTF-8, even when
 * it has to mention the bad input.  Usage: test_text_rules DISTRICT_FILE */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <onedoor/onedoor.h>

#include "counted_check.h"


/* RFC 3629, written out independently of the library's own check */
static int valid_utf8(const unsigned char *s) {
  while (*s) {
    int n = *s < 0x80 ? 1 : (*s >> 5) == 6 ? 2 : (*s >> 4) == 14 ? 3 : (*s >> 3) == 30 ? 4 : 0;
    if (!n) return 0;
    unsigned cp = n == 1 ? *s : *s & (0x7F >> n);
    for (int k = 1; k < n; k++) {
      if ((s[k] & 0xC0) != 0x80) return 0;
      cp = cp << 6 | (s[k] & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    s += n;
  }
  return 1;
}

#define GULOU "\"actor\":{\"officer\":\"GL-001\",\"unit\":\"town.gulou\",\"role\":\"officer\"}"

static int call(od_engine *e, const char *op, const char *req, char **resp) {
  int rc = od_call(e, op, req, resp);
  CHECK(*resp != NULL && valid_utf8((const unsigned char *)*resp));
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  char dir[] = "/tmp/od-text-XXXXXX";
  if (!mkdtemp(dir)) return 2;
  char config[1024];
  snprintf(config, sizeof config,
           "{\"database\":\"%s/t.db\",\"district_file\":\"%s\",\"clock\":\"manual\","
           "\"clock_start\":\"2026-03-02T09:00:00+08:00\",\"delivery\":{\"workers\":0}}",
           dir, argv[1]);
  od_engine *e = NULL;
  char *err = NULL;
  /* a configuration that is not UTF-8: CONFIG, naming the field, no engine */
  char bad_config[1024];
  snprintf(bad_config, sizeof bad_config, "{\"database\":\"%s/u.db\",\"district_file\":\"\xC3\x28\"}", dir);
  CHECK(od_open(bad_config, &e, &err) == OD_ERR_CONFIG && e == NULL);
  CHECK(err && strstr(err, "\"field\":\"district_file\"") && valid_utf8((const unsigned char *)err));
  od_free(err);
  err = NULL;
  CHECK(od_open(config, &e, &err) == OD_OK);
  if (!e) return 1;

  char *r = NULL;
  /* an operation name that is not UTF-8: UNKNOWN_OP, and the message that quotes it is UTF-8 */
  CHECK(call(e, "intake\xFF\xFE", "{}", &r) == OD_ERR_UNKNOWN_OP);
  CHECK(strstr(r, "\"field\":\"operation\"") != NULL);
  od_free(r);
  /* a request whose applicant name is not UTF-8 (Latin-1 bytes): INVALID naming it ... */
  CHECK(call(e, "intake",
             "{" GULOU ",\"applicant\":{\"name\":\"M\xFCller\",\"id_number\":\"371502198001010018\","
             "\"hukou_town\":\"gulou\"},\"hardship\":\"x\",\"categories\":[\"dibao\"]}",
             &r) == OD_ERR_INVALID);
  CHECK(strstr(r, "\"field\":\"applicant.name\"") != NULL);
  od_free(r);
  /* ... an overlong encoding and a surrogate are not UTF-8 either ... */
  CHECK(call(e, "intake", "{" GULOU ",\"hardship\":\"\xC0\xAF\"}", &r) == OD_ERR_INVALID);
  CHECK(strstr(r, "\"field\":\"hardship\"") != NULL);
  od_free(r);
  CHECK(call(e, "intake", "{" GULOU ",\"hardship\":\"\xED\xA0\x80\"}", &r) == OD_ERR_INVALID);
  od_free(r);
  /* ... and nothing was registered */
  CHECK(call(e, "case.list", "{\"actor\":{\"officer\":\"Q\",\"unit\":\"district\",\"role\":\"officer\"}}", &r) == OD_OK);
  CHECK(strstr(r, "\"cases\":[]") != NULL);
  od_free(r);
  /* valid UTF-8 goes in and comes back byte for byte */
  CHECK(call(e, "intake",
             "{" GULOU ",\"applicant\":{\"name\":\"王明华\",\"id_number\":\"371502198001010018\","
             "\"hukou_town\":\"gulou\"},\"hardship\":\"因病致贫 \xF0\x9F\x8F\xA0\",\"categories\":[\"dibao\"]}",
             &r) == OD_OK);
  od_free(r);
  CHECK(call(e, "case.list", "{\"actor\":{\"officer\":\"Q\",\"unit\":\"district\",\"role\":\"officer\"}}", &r) == OD_OK);
  od_free(r);
  CHECK(call(e, "case.get", "{" GULOU ",\"case_id\":\"C371502-2026-000001\"}", &r) == OD_OK);
  CHECK(strstr(r, "\"name\":\"王明华\"") != NULL);
  CHECK(strstr(r, "因病致贫 \xF0\x9F\x8F\xA0") != NULL);
  od_free(r);
  od_close(e);

  printf("test_text_rules: %d passed, %d failed\n", g_passed, g_failed);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) return 1;
  return counted_check_result();
}
