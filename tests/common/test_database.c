/* See test_database.h. */
#define _POSIX_C_SOURCE 200809L
#include "test_database.h"

#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int od_test_on_pg(void) {
  const char *pg = getenv("ONEDOOR_TEST_PG");
  return pg && *pg;
}

/* a JSON string literal of s (paths and conninfos: escape quotes, backslashes, controls) */
static void json_quote(char *out, size_t cap, const char *s) {
  size_t n = 0;
  out[n++] = '"';
  for (; *s && n + 8 < cap; ++s) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '"' || ch == '\\') out[n++] = '\\', out[n++] = (char)ch;
    else if (ch < 0x20) n += (size_t)snprintf(out + n, cap - n, "\\u%04x", ch);
    else out[n++] = (char)ch;
  }
  out[n++] = '"';
  out[n] = 0;
}

char *od_test_database_json(const char *sqlite_path) {
  size_t cap = strlen(sqlite_path) * 6 + 4096;
  char *out = malloc(cap);
  if (!out) abort();
  if (!od_test_on_pg()) {
    json_quote(out, cap, sqlite_path);
    return out;
  }
  const char *cluster = getenv("ONEDOOR_TEST_PG");
  /* the database's name: a hash of the path (FNV-1a), so every process finds it again */
  uint64_t h = 1469598103934665603ULL;
  for (const char *p = sqlite_path; *p; ++p) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  char name[40];
  snprintf(name, sizeof name, "od_%016llx", (unsigned long long)h);

  PGconn *c = PQconnectdb(cluster);
  if (PQstatus(c) != CONNECTION_OK) {
    fprintf(stderr, "ONEDOOR_TEST_PG: cannot connect to the test cluster (%s): %s", cluster, PQerrorMessage(c));
    exit(1);
  }
  char sql[128];
  snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'", name);
  PGresult *r = PQexec(c, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    /* 42P04: it exists (this path was opened before); 23505: another process created it just now */
    if (!code || (strcmp(code, "42P04") != 0 && strcmp(code, "23505") != 0)) {
      fprintf(stderr, "ONEDOOR_TEST_PG: %s: %s", sql, PQerrorMessage(c));
      exit(1);
    }
  }
  PQclear(r);
  PQfinish(c);

  char conninfo[2048];
  snprintf(conninfo, sizeof conninfo, "%s dbname=%s", cluster, name);
  char quoted[4200];
  json_quote(quoted, sizeof quoted, conninfo);
  snprintf(out, cap, "{\"backend\":\"postgresql\",\"conninfo\":%s}", quoted);
  return out;
}
