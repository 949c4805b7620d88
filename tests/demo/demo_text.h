/* portal_demo: text in columns (demo_text.c). */
#ifndef OD_PORTAL_DEMO_TEXT_H
#define OD_PORTAL_DEMO_TEXT_H

/* LC_CTYPE from the environment, or C.UTF-8 when that is not UTF-8: wcswidth() needs a
 * UTF-8 locale to read the text at all. */
void text_locale(void);
/* The columns s takes on a terminal (CJK and full-width forms two each); -1 when s is not
 * valid UTF-8 in the current locale. */
int display_width(const char *s);
/* s padded with spaces to `width` display columns (never cut); rotating static buffers,
 * up to 8 per printf. */
const char *padw(const char *s, int width);

#endif
