/*
 * portal_demo - a portal-like program that embeds libonedoor and runs two months of a
 * district's social-assistance work (一门受理、协同办理) through it, on simulated working days.
 *
 *   portal_demo [--applications N] [--db PATH] [--fresh] [--sim PATH_TO_od-deptsim]
 *               [--plugins DIR] [--district FILE] [--workers N] [--seed N] [--quiet]
 *
 * It opens an engine on an SQLite file with the sample district (东昌府区), a manual clock
 * and the shipped department plugins, which post to od-deptsim (started here on a loopback
 * port, stopped at the end). Then, day by day from Monday 2 March to Thursday 30 April 2026
 * (weekends and the Qingming holiday count as such), it takes synthetic applications at the
 * 24 town windows and the district window and carries them through the five stages:
 * intake, registration, routing with the five notices, opinion and feedback, archive;
 * with emergencies, major cases, material requests, decisions by the district government,
 * duplicates and a day on which the housing bureau's system is down.
 *
 * Every number of the final summary comes from the library's answers (stats, due.list,
 * case.list, case.file, delivery.list), and the summary is cross-checked: the program exits
 * 1 when counts from different queries disagree, a created case cannot be read back, a
 * delivered job never reached the simulator, or a delivery is still pending at the end
 * without being reported as a dead letter. 2: usage or setup error.
 *
 * Two environment variables exist for testing the demo itself: ONEDOOR_DEMO_OUTAGE_MODE
 * (default "500") is the simulator mode of the housing outage ("400" makes its deliveries
 * dead letters, which the summary must then report), and ONEDOOR_DEMO_BREAK_CHECK=1
 * miscounts one case on purpose so that the self-check must fail (ctest demo.selfcheck).
 *
 * The parts: demo_generate.c (the synthetic district), demo_drive.c (the calls),
 * demo_report.c (the summary), demo_common.c (calendar, district file); see demo.h.
 *
 * Synthetic data only: made-up names, resident IDs 371502... with valid check characters,
 * phone numbers 138xxxxxxxx.
 */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE 1

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "demo.h"

#ifndef PORTAL_DEMO_DISTRICT
#define PORTAL_DEMO_DISTRICT "config/dongchangfu.json"
#endif
#ifndef PORTAL_DEMO_PLUGIN_DIR
#define PORTAL_DEMO_PLUGIN_DIR "plugins"
#endif
#ifndef PORTAL_DEMO_SIM
#define PORTAL_DEMO_SIM "od-deptsim"
#endif
#ifndef PORTAL_DEMO_DB
#define PORTAL_DEMO_DB "demo/district.db"
#endif

/* ==== options ============================================================================ */

long opt_apps = 1200;
const char *opt_db = PORTAL_DEMO_DB;
static int opt_db_given = 0;
static int opt_fresh = 0;
const char *opt_sim = PORTAL_DEMO_SIM;
const char *opt_plugins = PORTAL_DEMO_PLUGIN_DIR;
const char *opt_district = PORTAL_DEMO_DISTRICT;
int opt_workers = 2;
static unsigned long long opt_seed = 20260302ULL;
int opt_quiet = 0;

static void usage(void) {
    fprintf(stderr,
            "usage: portal_demo [--applications N] [--db PATH] [--fresh] [--sim PATH_TO_od-deptsim]\n"
            "                   [--plugins DIR] [--district FILE] [--workers N] [--seed N] [--quiet]\n");
    exit(2);
}

static void mkdir_parents(const char *file) {
    char p[PATH_MAX];
    snp(p, sizeof p, "%s", file);
    for (char *s = p + 1; *s; ++s) {
        if (*s != '/') continue;
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
}

int main(int argc, char **argv) {
    text_locale();
    static const struct option longopts[] = {
        {"applications", required_argument, NULL, 'a'}, {"db", required_argument, NULL, 'b'},
        {"sim", required_argument, NULL, 's'},          {"plugins", required_argument, NULL, 'p'},
        {"district", required_argument, NULL, 'd'},     {"workers", required_argument, NULL, 'w'},
        {"seed", required_argument, NULL, 'e'},         {"fresh", no_argument, NULL, 'f'},
        {"quiet", no_argument, NULL, 'q'},              {NULL, 0, NULL, 0}};
    int o;
    while ((o = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (o) {
        case 'a': opt_apps = strtol(optarg, NULL, 10); break;
        case 'b': opt_db = optarg, opt_db_given = 1; break;
        case 's': opt_sim = optarg; break;
        case 'p': opt_plugins = optarg; break;
        case 'd': opt_district = optarg; break;
        case 'w': opt_workers = (int)strtol(optarg, NULL, 10); break;
        case 'e': opt_seed = strtoull(optarg, NULL, 10); break;
        case 'f': opt_fresh = 1; break;
        case 'q': opt_quiet = 1; break;
        default: usage(); /* getopt_long has said what was wrong */
        }
    }
    if (optind < argc) usage();
    if (opt_apps < 1 || opt_apps > 1000000 || opt_workers < 0 || opt_workers > 64) usage();
    rng_state = opt_seed ? opt_seed : 1;

    /* a fresh database each run: the summary counts everything in it */
    struct stat stt;
    if (stat(opt_db, &stt) == 0) {
        if (opt_db_given && !opt_fresh)
            die("%s exists; pass --fresh to replace it, or another --db", opt_db);
        char p[PATH_MAX + 8];
        unlink(opt_db);
        snp(p, sizeof p, "%s-wal", opt_db);
        unlink(p);
        snp(p, sizeof p, "%s-shm", opt_db);
        unlink(p);
    }
    mkdir_parents(opt_db);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    load_district();
    double t_start = mono_s();
    sim_start();
    engine_open();
    if (!opt_quiet) {
        printf("department systems simulated by od-deptsim at %s\n", sim.url);
        printf("%ld synthetic applications, %d towns + the district window, 2026-03-02 .. 2026-04-30\n\n", opt_apps, ntowns);
    }

    DriveTotals run = drive_days();
    report_summary(&run, t_start);

    od_close(eng);
    eng = NULL;
    sim_stop();
    remove_tmpdir();
    json_decref(district_doc);
    free(cases);
    curl_global_cleanup();
    return failures ? 1 : 0;
}

