/* The JSON path reader shared with the scenario harness (tests/common/json_path.h): the
 * syntax both rely on, and malformed paths reported rather than read as absent keys. */
#include <string.h>

#include "harness.h"
#include "json_path.h"

void t_json_path(void) {
  json_t *root = json_loads("{\"case\":{\"items\":[{\"unit\":\"dept.civil\",\"n\":1},{\"unit\":\"town.gulou\",\"n\":2}],"
                            "\"a.b\":\"dotted\",\"flag\":true,\"none\":null}}",
                            0, NULL);
  const char *err = NULL;
  CHECK(root != NULL);
  CHECK(json_path(root, "$", &err) == root && err == NULL);
  CHECK(json_path(root, "", &err) == root);
  CHECK_INT(jint(root, "case.items[1].n"), 2);
  CHECK_INT(jint(root, "$.case.items[-1].n"), 2);           /* [-1]: the last element */
  CHECK_INT(jint(root, "case.items[-2].n"), 1);
  CHECK(jget(root, "case.items[2]") == NULL);                /* past the end */
  CHECK(jget(root, "case.items[-3]") == NULL);
  CHECK_STR(jstr(root, "case[\"a.b\"]"), "dotted");          /* a key with dots */
  CHECK_INT(jint(root, "case.items[unit=town.gulou].n"), 2); /* the element whose unit is... */
  CHECK(jget(root, "case.items[unit=dept.none]") == NULL);
  CHECK_INT(jbool(root, "case.flag"), 1);
  CHECK(json_path_scalar_eq(json_path(root, "case.flag", &err), "true"));
  CHECK(json_path_scalar_eq(json_path(root, "case.none", &err), "null"));
  CHECK(json_path_scalar_eq(json_path(root, "case.items[0].n", &err), "1"));
  CHECK(!json_path_scalar_eq(json_path(root, "case.items[0].n", &err), "2"));
  CHECK(jget(root, "case.missing.deeper") == NULL);
  /* malformed: NULL with a reason, even behind a part that resolves to nothing */
  CHECK(json_path(root, "case.items[x]", &err) == NULL && err && strcmp(err, "bad index") == 0);
  CHECK(json_path(root, "case.missing[1", &err) == NULL && err && strcmp(err, "unterminated [") == 0);
  CHECK(json_path(root, "case[\"a.b]", &err) == NULL && err && strcmp(err, "unterminated [\"key\"]") == 0);
  CHECK(json_path(root, "case.items[=x]", &err) == NULL && err && strcmp(err, "empty key in [key=value]") == 0);
  CHECK(json_path(NULL, "a.b[0]", &err) == NULL && err == NULL); /* syntax only */
  json_decref(root);
}
