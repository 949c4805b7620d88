/* A portal process for the crash tests, killed with SIGKILL by the test:
 *   delivery_child CONFIG_JSON           open the engine and let its workers deliver
 *   delivery_child CONFIG_JSON intake    register applications in a loop, printing each
 *                                        case id only after od_call returned OK */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <onedoor/onedoor.h>

static void synthetic_id(unsigned long n, char out[19]) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  snprintf(out, 19, "371502%04lu%02lu%02lu%03lu", 1950 + n % 50, 1 + (n / 50) % 12, 1 + (n / 600) % 28,
           (n / 16800) % 1000);
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (out[i] - '0') * w[i];
  out[17] = "10X98765432"[sum % 11];
  out[18] = '\0';
}

int main(int argc, char** argv) {
  od_engine* e = NULL;
  char* err = NULL;
  if (argc < 2 || od_open(argv[1], &e, &err) != OD_OK) {
    fprintf(stderr, "delivery_child: open failed: %s\n", err ? err : "usage: delivery_child CONFIG_JSON [intake]");
    return 2;
  }
  printf("ready\n");
  fflush(stdout);
  if (argc > 2 && strcmp(argv[2], "intake") == 0) {
    for (unsigned long n = 0;; ++n) {
      char id[19], req[1024];
      synthetic_id(900000 + n, id);
      snprintf(req, sizeof req,
               "{\"actor\":{\"officer\":\"K\",\"unit\":\"town.gulou\",\"role\":\"officer\"},"
               "\"applicant\":{\"name\":\"测试\",\"id_number\":\"%s\",\"hukou_town\":\"gulou\"},"
               "\"hardship\":\"因病致贫\",\"categories\":[\"medical\"]}",
               id);
      char* resp = NULL;
      if (od_call(e, "intake", req, &resp) == OD_OK) {
        const char* p = strstr(resp, "\"case_id\":\"");
        if (p) printf("%.19s\n", p + 11);
        fflush(stdout);
      }
      od_free(resp);
    }
  }
  for (;;) pause();
}
