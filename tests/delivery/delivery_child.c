/* A portal process for the crash test: opens the engine from the configuration in
 * argv[1] (delivery workers on) and lets the workers deliver until it is killed. */
#include <stdio.h>
#include <unistd.h>

#include <onedoor/onedoor.h>

int main(int argc, char** argv) {
  od_engine* e = NULL;
  char* err = NULL;
  if (argc < 2 || od_open(argv[1], &e, &err) != OD_OK) {
    fprintf(stderr, "delivery_child: open failed: %s\n", err ? err : "usage: delivery_child CONFIG_JSON");
    return 2;
  }
  printf("ready\n");
  fflush(stdout);
  for (;;) pause();
}
