/* portal_demo: text in columns. Chinese labels take two columns a character, so the
 * summary pads by display width (wcswidth()), not by bytes or characters. No I/O. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE 1

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "demo_text.h"

/* Display columns of UTF-8 text as the terminal shows it: wcswidth() of the wide string,
 * with a character wcswidth() cannot place (a control character) counted as one column. */
int display_width(const char *s) {
    size_t n = mbstowcs(NULL, s, 0);
    if (n == (size_t)-1) return -1;
    wchar_t *w = malloc((n + 1) * sizeof *w);
    if (!w) return (int)strlen(s);
    mbstowcs(w, s, n + 1);
    int width = wcswidth(w, n);
    if (width < 0) {
        width = 0;
        for (size_t i = 0; i < n; ++i) {
            int c = wcwidth(w[i]);
            width += c < 0 ? 1 : c;
        }
    }
    free(w);
    return width;
}

const char *padw(const char *s, int width) {
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, 400, "%s", s);
    int w = display_width(b);
    size_t n = strlen(b);
    if (w < 0) w = (int)n; /* not UTF-8: one column a byte */
    while (w < width && n < 510) b[n++] = ' ', ++w;
    b[n] = '\0';
    return b;
}

void text_locale(void) {
    const char *l = setlocale(LC_CTYPE, "");
    if (!l || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) setlocale(LC_CTYPE, "C.UTF-8");
}
