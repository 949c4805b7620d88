/* The one point where a test chooses its database backend. Every test that builds an
 * od_open configuration asks here for the "database" member: by default the SQLite file
 * it names; with ONEDOOR_TEST_PG=<conninfo of a cluster> in the environment, a PostgreSQL
 * database of its own on that cluster, created on first use (CREATE DATABASE), in the
 * object form {"backend":"postgresql","conninfo":...}. The same path always gives the
 * same database, also in another process, so reopening a "file" reopens its database.
 * A cluster that cannot be reached ends the process with status 1: a PostgreSQL run
 * fails, it never quietly becomes a SQLite run. */
#ifndef OD_TEST_DATABASE_H
#define OD_TEST_DATABASE_H

#ifdef __cplusplus
extern "C" {
#endif

/* The JSON text of the "database" value for `sqlite_path`; free() it. */
char *od_test_database_json(const char *sqlite_path);
/* 1 when ONEDOOR_TEST_PG is set (the tests run against PostgreSQL). */
int od_test_on_pg(void);

#ifdef __cplusplus
}
#endif
#endif
