/* tests/common/deptsim_client.c - spawning od-deptsim and talking HTTP to it; see
 * deptsim_client.h. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE 1

#include "deptsim_client.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

extern char **environ;

static void nap_10ms(void) {
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
}

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...) {
    if (!err || errlen == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* ---- the process ----------------------------------------------------------------------------- */

void deptsim_stop(deptsim *sim) {
    if (sim->pid <= 0) return;
    kill(sim->pid, SIGTERM);
    for (int i = 0; i < 300; ++i) {
        int st;
        pid_t r = waitpid(sim->pid, &st, WNOHANG);
        if (r == sim->pid || r < 0) {
            sim->pid = 0;
            break;
        }
        nap_10ms();
    }
    if (sim->pid > 0) {
        kill(sim->pid, SIGKILL);
        waitpid(sim->pid, NULL, 0);
        sim->pid = 0;
    }
    sim->port = 0;
    sim->url[0] = '\0';
}

int deptsim_start(deptsim *sim, const char *exe, const char *dir, const char *secret, long wait_ms, char *err,
                  size_t errlen) {
    if (sim->pid > 0) return 0;
    sim->port = 0;
    sim->url[0] = '\0';
    snprintf(sim->port_file, sizeof sim->port_file, "%s/sim.port", dir);
    snprintf(sim->log_file, sizeof sim->log_file, "%s/sim.out", dir);
    unlink(sim->port_file);
    char *argv[] = {(char *)exe, "--port", "0", "--port-file", sim->port_file, "--secret", (char *)secret, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, sim->log_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid;
    int rc = posix_spawn(&pid, exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        set_err(err, errlen, "cannot start %s: %s", exe, strerror(rc));
        return -1;
    }
    sim->pid = pid;
    long polls = wait_ms > 0 ? (wait_ms + 9) / 10 : 0;
    for (long i = 0; i < polls; ++i) {
        FILE *f = fopen(sim->port_file, "r");
        if (f) {
            int port = 0;
            int n = fscanf(f, "%d", &port);
            fclose(f);
            if (n == 1 && port > 0) {
                sim->port = port;
                snprintf(sim->url, sizeof sim->url, "http://127.0.0.1:%d", port);
                return 0;
            }
        }
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            sim->pid = 0;
            set_err(err, errlen, "the simulator exited before listening (see %s)", sim->log_file);
            return -1;
        }
        nap_10ms();
    }
    if (wait_ms % 1000 == 0)
        set_err(err, errlen, "the simulator did not write its port file within %ld s", wait_ms / 1000);
    else
        set_err(err, errlen, "the simulator did not write its port file within %ld ms", wait_ms);
    deptsim_stop(sim);
    return -1;
}

/* ---- HTTP ------------------------------------------------------------------------------------ */

typedef struct {
    char *s;
    size_t len, cap;
    int oom;
} body_buf;

static int buf_add(body_buf *b, const char *s, size_t n) {
    if (b->oom) return -1;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return -1;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

static size_t body_sink(char *ptr, size_t size, size_t nmemb, void *user) {
    size_t n = size * nmemb;
    return buf_add(user, ptr, n) == 0 ? n : 0;
}

long deptsim_http(const char *url, const char *post_body, long timeout_ms, char **body) {
    body_buf b = {0};
    long status = 0;
    buf_add(&b, "", 0);
    CURL *h = curl_easy_init();
    if (h) {
        struct curl_slist *hdrs = NULL;
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, body_sink);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
        if (timeout_ms > 0) curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        if (post_body) {
            hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
            curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, post_body);
        }
        CURLcode rc = curl_easy_perform(h);
        if (rc == CURLE_OK) {
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        } else {
            const char *prefix = "curl: ", *msg = curl_easy_strerror(rc);
            buf_add(&b, prefix, strlen(prefix));
            buf_add(&b, msg, strlen(msg));
        }
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(h);
    }
    if (b.oom) {
        free(b.s);
        b.s = NULL;
    }
    *body = b.s;
    return status;
}
