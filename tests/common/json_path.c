/* JSON paths for the C tests: the scenario harness and the C API tests read responses
 * with the same syntax, so a path means the same thing in both (see json_path.h). */
#include "json_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int json_path_scalar_eq(const json_t *v, const char *want) {
    char buf[64];
    if (json_is_string(v)) return strcmp(json_string_value(v), want) == 0;
    if (json_is_integer(v)) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        return strcmp(buf, want) == 0;
    }
    if (json_is_true(v)) return strcmp(want, "true") == 0;
    if (json_is_false(v)) return strcmp(want, "false") == 0;
    if (json_is_null(v)) return strcmp(want, "null") == 0;
    return 0;
}

json_t *json_path(json_t *root, const char *path, const char **err) {
    json_t *cur = root;
    const char *p = path;
    *err = NULL;
    if (strcmp(p, "$") == 0 || *p == '\0') return root;
    if (*p == '$') ++p;
    while (*p) {
        if (*p == '.') {
            ++p;
            continue;
        }
        if (*p == '[') {
            ++p;
            if (*p == '"') {
                const char *q = strchr(p + 1, '"');
                if (!q || q[1] != ']') {
                    *err = "unterminated [\"key\"]";
                    return NULL;
                }
                char key[256];
                size_t n = (size_t)(q - p - 1);
                if (n >= sizeof key) {
                    *err = "key too long";
                    return NULL;
                }
                memcpy(key, p + 1, n);
                key[n] = '\0';
                cur = json_is_object(cur) ? json_object_get(cur, key) : NULL;
                p = q + 2;
                continue;
            }
            const char *close = strchr(p, ']');
            if (!close) {
                *err = "unterminated [";
                return NULL;
            }
            char inner[256];
            size_t n = (size_t)(close - p);
            if (n >= sizeof inner) {
                *err = "[...] too long";
                return NULL;
            }
            memcpy(inner, p, n);
            inner[n] = '\0';
            p = close + 1;
            char *eq = strchr(inner, '=');
            if (eq) { /* [key=value]: the first element whose key has that value */
                *eq = '\0';
                if (!inner[0]) {
                    *err = "empty key in [key=value]";
                    return NULL;
                }
                json_t *found = NULL;
                if (json_is_array(cur)) {
                    size_t i;
                    json_t *el;
                    json_array_foreach(cur, i, el) {
                        json_t *k = json_is_object(el) ? json_object_get(el, inner) : NULL;
                        if (k && json_path_scalar_eq(k, eq + 1)) {
                            found = el;
                            break;
                        }
                    }
                }
                cur = found;
                continue;
            }
            char *end = NULL;
            long idx = strtol(inner, &end, 10);
            if (!end || *end || end == inner) {
                *err = "bad index";
                return NULL;
            }
            if (!json_is_array(cur)) {
                cur = NULL;
                continue;
            }
            long size = (long)json_array_size(cur);
            if (idx < 0) idx += size;
            cur = idx < 0 || idx >= size ? NULL : json_array_get(cur, (size_t)idx);
            continue;
        }
        const char *q = p;
        while (*q && *q != '.' && *q != '[') ++q;
        char key[256];
        size_t n = (size_t)(q - p);
        if (n >= sizeof key) {
            *err = "key too long";
            return NULL;
        }
        memcpy(key, p, n);
        key[n] = '\0';
        cur = json_is_object(cur) ? json_object_get(cur, key) : NULL;
        p = q;
    }
    return cur;
}

