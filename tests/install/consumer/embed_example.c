/* The README's embedding example, built against an installed onedoor both with
 * find_package(onedoor) and with pkg-config. Usage: embed_example DISTRICT_FILE DB_FILE */
#include <stdio.h>
#include <string.h>

#include <onedoor/onedoor.h>

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  if (od_version_number() != OD_VERSION_NUMBER) {
    fprintf(stderr, "header %s, library %s\n", OD_VERSION_STRING, od_version());
    return 1;
  }
  char config[4096];
  snprintf(config, sizeof config, "{\"database\":\"%s\",\"district_file\":\"%s\"}", argv[2], argv[1]);

  od_engine* engine = NULL;
  char* error = NULL;
  int32_t rc = od_open(config, &engine, &error);
  if (rc != OD_OK) {
    fprintf(stderr, "od_open: %s %s\n", od_status_name(rc), error);
    od_free(error);
    return 1;
  }

  /* A resident applies at the 古楼 sub-district window for the minimum living allowance. */
  const char* request =
      "{\"actor\":{\"officer\":\"GL-001\",\"unit\":\"town.gulou\",\"role\":\"officer\"},"
      "\"applicant\":{\"name\":\"王明华\",\"id_number\":\"371502198001010018\","
      "\"phone\":\"13800000001\",\"hukou_town\":\"gulou\",\"address\":\"示例路1号\"},"
      "\"hardship\":\"因病致贫\",\"categories\":[\"dibao\"]}";
  char* response = NULL;
  rc = od_call(engine, "intake", request, &response);
  printf("intake: %s %s\n", od_status_name(rc), response);
  int ok = rc == OD_OK && strstr(response, "\"created\":true") != NULL;
  od_free(response);

  /* Bad input is refused with the field named, and nothing changes. */
  rc = od_call(engine, "intake", "{\"actor\":{\"officer\":\"GL-001\",\"unit\":\"town.gulou\",\"role\":\"officer\"},"
                                 "\"applicant\":{\"name\":\"王明华\",\"id_number\":\"371502198001010011\","
                                 "\"hukou_town\":\"gulou\"},\"hardship\":\"x\",\"categories\":[\"dibao\"]}",
               &response);
  printf("bad id: %s %s\n", od_status_name(rc), response);
  ok = ok && rc == OD_ERR_INVALID && strstr(response, "\"field\":\"applicant.id_number\"") != NULL;
  od_free(response);

  od_close(engine);
  return ok ? 0 : 1;
}
