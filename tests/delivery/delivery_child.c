/* A portal process for the crash tests, killed with SIGKILL by the test:
 *   delivery_child CONFIG_JSON           open the engine and let its workers deliver
 *   delivery_child CONFIG_JSON intake    register applications in a loop, printing each
 *                                        case id only after od_call returned OK
 *   delivery_child CONFIG_JSON work N    register applications for education from person
 *                                        N on and transfer each to the department (a
 *                                        delivery job), printing "A <case>" after the
 *                                        intake and "R <case>" after the route returned OK */
#include <stdio.h>
#include <stdlib.h>
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
  if (argc > 3 && strcmp(argv[2], "work") == 0) {
    unsigned long first = strtoul(argv[3], NULL, 10);
    for (unsigned long n = first;; ++n) {
      char id[19], req[1024], item[64];
      synthetic_id(n, id);
      snprintf(req, sizeof req,
               "{\"actor\":{\"officer\":\"K\",\"unit\":\"district\",\"role\":\"officer\"},"
               "\"applicant\":{\"name\":\"测试\",\"id_number\":\"%s\",\"hukou_town\":\"gulou\"},"
               "\"hardship\":\"因病致贫\",\"categories\":[\"education\"]}",
               id);
      char* resp = NULL;
      int32_t rc = od_call(e, "intake", req, &resp);
      const char* p = resp ? strstr(resp, "\"case_id\":\"") : NULL;
      if (rc != OD_OK || !p) {
        fprintf(stderr, "delivery_child: intake failed: %s\n", resp ? resp : "?");
        return 3;
      }
      printf("A %.19s\n", p + 11);
      fflush(stdout);
      snprintf(item, sizeof item, "%.19s-1", p + 11);
      od_free(resp);
      snprintf(req, sizeof req,
               "{\"actor\":{\"officer\":\"K\",\"unit\":\"district\",\"role\":\"officer\"},"
               "\"item_id\":\"%s\",\"type\":\"transfer\"}",
               item);
      rc = od_call(e, "route", req, &resp);
      if (rc != OD_OK) {
        fprintf(stderr, "delivery_child: route failed: %s\n", resp ? resp : "?");
        return 3;
      }
      printf("R %.19s\n", item);
      fflush(stdout);
      od_free(resp);
    }
  }
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
