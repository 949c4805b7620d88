/* portal_demo's parts (see portal_demo.c for what the demo does):
 *   demo_common.c    options' defaults, small utilities, the calendar, the district file
 *   demo_generate.c  the synthetic district's people and what they ask for: names, IDs,
 *                    phones, categories, hardship and measures texts, the schedule (seeded)
 *   demo_drive.c     the calls: the simulator, the engine, each stage of each case, the
 *                    deliveries, and the two months day by day
 *   demo_report.c    the summary: the library's answers, cross-checked, printed in columns
 *   demo_text.c      display width and padding of UTF-8 text (demo_text.h)
 * Synthetic data only. */
#ifndef OD_PORTAL_DEMO_H
#define OD_PORTAL_DEMO_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "demo_text.h"
#include "deptsim_client.h"
#include "onedoor/onedoor.h"
#include "synthetic.h"

#define SIM_SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define SIM_DAYS 61 /* 2026-03-02 .. 2026-05-01 (the last is only for the closing clock) */
#define SLOTS 18    /* half hours of a working day, 08:30 .. 17:30 */

/* ==== options (portal_demo.c) ================================================================ */

extern long opt_apps;
extern const char *opt_db;
extern const char *opt_sim;
extern const char *opt_plugins;
extern const char *opt_district;
extern int opt_workers;
extern int opt_quiet;

/* ==== utilities, the calendar, the district (demo_common.c) =================================== */

int snp(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
double mono_s(void);
void sleep_ms(long ms);
extern int failures; /* inconsistencies and unexpected errors */
void failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn)); /* demo_drive.c: stops the simulator */

int weekday(long z); /* 0 = Sunday */
extern long day0;                /* day number of 2026-03-02 */
extern int is_workday[SIM_DAYS]; /* by the district's calendar */
extern int day_kind[SIM_DAYS];   /* 0 working, 1 weekend, 2 holiday */
extern const int LAST_DAY;       /* 2026-04-30 */
extern const char *WEEKDAY_ZH[7];
int wd_add(int d, int k);
void day_text(int d, char *out, size_t n);
void slot_time(int d, int slot, char *out, size_t n);

typedef struct {
    char code[32];
    char name[64];
} Town;
typedef struct {
    char code[32];
    char name[64];
    char owner[32];
    int town_can_handle;
    int policy_days;
    char need[32];
    double weight;
} Category;
extern Town towns[64];
extern int ntowns;
extern Category cats[32];
extern int ncats;
extern json_t *district_doc;
const char *unit_name(const char *id);
int cat_index(const char *code);
void load_district(void);

/* ==== the cases the portal works on ======================================================== */

enum Step {
    S_NONE,
    S_ROUTE,      /* at a window: route (or withdraw) */
    S_ACK,        /* the receiver acknowledges */
    S_MAT_REQ,    /* asks for material */
    S_MAT_RECV,   /* material arrives */
    S_OPINION,    /* handling opinion */
    S_DEC_REQ,    /* asks the government to decide */
    S_DEC_REC,    /* the government decides */
    S_FEEDBACK,   /* the final answer */
    S_DONE,
    S_STUCK       /* nobody acts any more: overdue at the end */
};

typedef struct {
    char id[48];
    int cat;
    int step;
    int day, slot;
    char holder[48];
    char gov[48]; /* the local government a special matter went to */
    int notice; /* last notice type sent: 0 none, 1 distribute, 2 forward, 3 hand_over, 4 transfer, 5 refer */
    int notice_day;
    int late;  /* 0 on time, 1 late opinion, 2 late answer, 3 stuck after routing, 4 late routing */
    int material, decision, withdraw;
    /* emergency aid granted on this item */
    int em;
    char em_unit[48];
    int pw_day, pw_slot, pw_done;
    int lib_open; /* as case.file says at the end: not answered */
} DItem;

typedef struct {
    char id[32];
    int window; /* town index, or -1: the district window */
    int hukou;
    int inquiry;
    int answer_day, answer_slot; /* inquiry answer */
    long person;
    long household[4];
    int nhh;
    DItem items[3];
    int nitems;
    int closed, archived;
    int archive_day, archive_slot;
} DCase;

/* ==== the synthetic district (demo_generate.c) =============================================== */

extern unsigned long long rng_state; /* seeded from --seed */
unsigned long long rnd(void);
int rint_(int lo, int hi);
int chance(double p);
extern long next_person;
void person_id(long p, char out[19]);
void person_name(long p, char *out, size_t n);
void person_phone(long p, char *out, size_t n);
const char *window_unit(int window, char *buf, size_t n);
int pick_category(int allow_nontown);
const char *hardship_for(const char *cat);
const char *measures_for(const char *cat, double *amount);
const char *signer_for(const char *unit);
void sched(int *day, int *slot, int d, int k, int cur_slot);

/* ==== the calls (demo_drive.c) =============================================================== */

extern deptsim sim; /* tests/common/deptsim_client.h; sim.pid > 0 while it runs */
json_t *sim_http(const char *path, const char *post_body, long *status);
void sim_start(void);
void sim_stop(void);
void remove_tmpdir(void);

extern od_engine *eng;
extern char now_text[40]; /* the engine clock, as last set */
void engine_open(void);
json_t *call(const char *op, json_t *req, int32_t *status);
json_t *must(const char *op, json_t *req);
json_t *actor(const char *unit, const char *role);
json_t *district_actor(void);
json_t *delivery_list_all(const char *state);
const char *jstr(const json_t *o, const char *key);
long long jint(const json_t *o, const char *key);

extern DCase *cases;
extern int ncases, cases_cap;
/* demo-side counters, used only for progress lines and cross-checks */
extern long submitted, created_cases, resubmissions_seen, replays_seen, merged_seen, overrides_seen, archived_ok;
extern long dead_retried;
void intake(int d, int slot, long app_no);

typedef struct {
    long pending_end; /* deliveries still pending after the last settle */
    double t_sim;     /* wall seconds of the two months */
    long sim_calls;   /* od_call count of the two months */
} DriveTotals;
DriveTotals drive_days(void);

/* ==== the summary (demo_report.c) ============================================================ */

void progress(int d, long pending_settled);
void report_summary(const DriveTotals *run, double t_start);

#endif
