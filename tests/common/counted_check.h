/* counted_check.h - CHECK(cond) for small single-file C tests: counts passes and
 * failures, prints file:line and the expression of each failure, never stops.
 * A test ends with: return counted_check_result(); */
#ifndef OD_COUNTED_CHECK_H
#define OD_COUNTED_CHECK_H
#include <stdio.h>

static int g_passed, g_failed;

#define CHECK(c) counted_check_((c) ? 1 : 0, #c, __FILE__, __LINE__)
static void counted_check_(int ok, const char *expr, const char *file, int line) {
  if (ok) {
    g_passed++;
    return;
  }
  g_failed++;
  fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, expr);
}

/* 0 when something was checked and nothing failed (a test that checked nothing fails) */
static int counted_check_result(void) { return g_failed == 0 && g_passed > 0 ? 0 : 1; }

#endif
