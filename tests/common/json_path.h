/* JSON paths for the C tests (jansson): "a.b[0].c", [-1] is the last element,
 * ["key.with.dots"] a key with dots, [unit=dept.civil] the first array element whose
 * `unit` is that scalar, "$" or "" the root. Shared by tests/harness and tests/capi. */
#ifndef OD_TESTS_JSON_PATH_H
#define OD_TESTS_JSON_PATH_H

#include <jansson.h>

/* The value at path (borrowed) or NULL; *err says why when the path is malformed. The
 * whole path is always parsed, so a malformed path is reported even when an earlier part
 * resolves to nothing (json_path(NULL, path, &err) checks only the syntax). */
json_t *json_path(json_t *root, const char *path, const char **err);

/* Whether a scalar's text is `want`: strings as they are, integers in decimal, true,
 * false and null by name. */
int json_path_scalar_eq(const json_t *v, const char *want);

#endif
