/* tests/common/deptsim_client.h - a client for od-deptsim, the department-system simulator
 * (tests/sim/README.md), shared by the scenario harness (tests/harness) and the demo
 * (tests/demo).
 *
 * It spawns `od-deptsim --port 0 --port-file DIR/sim.port --secret SECRET` with its stdout and
 * stderr sent to DIR/sim.out, waits for the port file, stops the process again, and makes
 * GET/POST requests to the simulator over libcurl.
 *
 * The caller must call curl_global_init() before the first deptsim_http() (and
 * curl_global_cleanup() at the end), as for any libcurl program. Nothing here is thread-safe
 * beyond what libcurl itself guarantees; the simulator handle belongs to one thread. */
#ifndef OD_TESTS_DEPTSIM_CLIENT_H
#define OD_TESTS_DEPTSIM_CLIENT_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A running (or not running) simulator. Zero-initialise it ({0}) before the first use; it
 * owns no heap memory, only the child process while pid > 0. */
typedef struct deptsim {
    pid_t pid;                     /* > 0 while the child runs, else 0 */
    int port;                      /* the port it listens on (127.0.0.1), else 0 */
    char url[64];                  /* "http://127.0.0.1:PORT", no trailing slash; "" when stopped */
    char port_file[PATH_MAX + 16]; /* DIR/sim.port of the last start */
    char log_file[PATH_MAX + 16];  /* DIR/sim.out of the last start (the child's stdout+stderr) */
} deptsim;

/* Spawns the simulator binary `exe` with `--port 0 --port-file DIR/sim.port --secret secret`,
 * its stdout and stderr written to DIR/sim.out (truncated), and waits up to `wait_ms`
 * milliseconds (polling every 10 ms) for it to write its port. `dir` must exist and be
 * writable; any old DIR/sim.port is removed first. The files are left in `dir` for the
 * caller to remove.
 *
 * Returns 0 with sim->pid, sim->port and sim->url set. Returns -1 on failure with a one-line
 * message (no trailing newline) in err (if err is not NULL and errlen > 0) and sim->pid 0:
 *   "cannot start EXE: REASON"                            posix_spawn failed
 *   "the simulator exited before listening (see LOG)"     the child died first
 *   "the simulator did not write its port file within N s" timed out; the child is killed
 *                                                          and reaped before returning
 * If sim->pid > 0 already (it is running) this returns 0 and does nothing. */
int deptsim_start(deptsim *sim, const char *exe, const char *dir, const char *secret, long wait_ms, char *err,
                  size_t errlen);

/* Stops the simulator: SIGTERM, then waits up to 3 s (polling every 10 ms) for it to exit,
 * then SIGKILL and a blocking wait. Always reaps the child. Afterwards sim->pid and sim->port
 * are 0 and sim->url is "". Does nothing when sim->pid <= 0; safe to call repeatedly. */
void deptsim_stop(deptsim *sim);

/* One HTTP request to `url`: GET when post_body is NULL, else POST of post_body (a NUL-
 * terminated string, sent with Content-Type: application/json). `timeout_ms` bounds the
 * whole request (connect and transfer); 0 means libcurl's default (none).
 *
 * Returns the HTTP status, or 0 when no response arrived (transport error, timeout, or
 * libcurl could not be initialised).
 *
 * *body receives a malloc'd, NUL-terminated string that the caller must free(): the response
 * body ("" when empty). On a transport error it holds whatever part of the body arrived
 * followed by "curl: <libcurl's error text>", so it can go into a message as is. *body is
 * NULL only when memory ran out. `body` must not be NULL. */
long deptsim_http(const char *url, const char *post_body, long timeout_ms, char **body);

#ifdef __cplusplus
}
#endif

#endif /* OD_TESTS_DEPTSIM_CLIENT_H */
