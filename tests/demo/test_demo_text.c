/* demo_text.c: columns padded by display width. A CJK label takes two columns a character,
 * so padding it by bytes or by characters would misalign the summary's columns. */
#include <stdio.h>
#include <string.h>

#include "demo_text.h"

static int failed;
#define CHECK(c)                                                    \
    do {                                                            \
        if (!(c)) fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c), ++failed; \
    } while (0)

int main(void) {
    text_locale();
    CHECK(display_width("") == 0);
    CHECK(display_width("abc") == 3);
    CHECK(display_width("东昌府区") == 8);              /* 4 characters, 12 bytes, 8 columns */
    CHECK(display_width("古楼街道 window") == 15);
    CHECK(display_width("ＡＢ") == 4);                  /* full-width forms */
    CHECK(display_width("\xff\xfe") == -1);             /* not UTF-8 */
    /* padded to 12 columns: 4 spaces after 8 columns of Chinese, 9 after "abc" */
    CHECK(strcmp(padw("东昌府区", 12), "东昌府区    ") == 0);
    CHECK(strcmp(padw("abc", 12), "abc         ") == 0);
    CHECK(display_width(padw("申请提交 applications", 30)) == 30);
    CHECK(strcmp(padw("东昌府区", 4), "东昌府区") == 0);   /* wider than the column: never cut */
    /* two rows whose labels differ in script end their first column at the same place */
    char row1[128], row2[128];
    snprintf(row1, sizeof row1, "%s|", padw("重复提交 resubmissions", 32));
    snprintf(row2, sizeof row2, "%s|", padw("cases registered", 32));
    CHECK(display_width(row1) == display_width(row2));
    if (failed) fprintf(stderr, "%d failed\n", failed);
    else printf("demo_text: all checks passed\n");
    return failed ? 1 : 0;
}
