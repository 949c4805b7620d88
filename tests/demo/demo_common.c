/* portal_demo: small utilities, the calendar of the two months, and the district read from
 * its configuration file (towns, categories, unit names, working days). */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE 1

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "demo.h"

/* snprintf that truncates quietly (every buffer here is sized for what goes in it) */
int snp(char *out, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    return r;
}

double mono_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int failures = 0; /* inconsistencies and unexpected errors */
void failf(const char *fmt, ...) {
    va_list ap;
    ++failures;
    if (failures > 30) return;
    fprintf(stderr, "portal_demo: FAIL: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}


/* ==== the calendar: day numbers, weekdays, the district's working days ====================== */

static long days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
static void civil_from_days(long z, int *y, int *m, int *d) {
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}
int weekday(long z) { return (int)((z + 4) % 7); } /* 0 = Sunday */

long day0;                /* day number of 2026-03-02 */
int is_workday[SIM_DAYS]; /* by the district's calendar */
int day_kind[SIM_DAYS];   /* 0 working, 1 weekend, 2 holiday */
const int LAST_DAY = 59; /* 2026-04-30 */

static int parse_date(const char *s, long *out) {
    int y, m, d;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3) return -1;
    *out = days_from_civil(y, m, d);
    return 0;
}

/* the k-th working day after day d (k = 0: d itself if it is one, else the next) */
int wd_add(int d, int k) {
    if (k == 0) {
        while (d < SIM_DAYS && !is_workday[d]) ++d;
        return d;
    }
    while (k > 0 && d < SIM_DAYS) {
        ++d;
        if (d < SIM_DAYS && is_workday[d]) --k;
    }
    return d;
}

const char *WEEKDAY_ZH[7] = {"日", "一", "二", "三", "四", "五", "六"};

void day_text(int d, char *out, size_t n) {
    int y, m, dd;
    civil_from_days(day0 + d, &y, &m, &dd);
    snp(out, n, "%04d-%02d-%02d", y, m, dd);
}

/* the clock moves in half-hour slots from 08:30 (slot 0) to 17:00 (slot 17) */
void slot_time(int d, int slot, char *out, size_t n) {
    int y, m, dd;
    civil_from_days(day0 + d, &y, &m, &dd);
    int minutes = 8 * 60 + 30 + slot * 30;
    snp(out, n, "%04d-%02d-%02dT%02d:%02d:00+08:00", y, m, dd, minutes / 60, minutes % 60);
}

/* ==== the district, read from its configuration file ======================================= */


Town towns[64];
int ntowns;
Category cats[32];
int ncats;
typedef struct {
    char id[48];
    char name[128];
} UnitName;
static UnitName unit_names[128];
static int nunit_names;
json_t *district_doc;

const char *unit_name(const char *id) {
    for (int i = 0; i < nunit_names; ++i)
        if (strcmp(unit_names[i].id, id) == 0) return unit_names[i].name;
    return id;
}
int cat_index(const char *code) {
    for (int i = 0; i < ncats; ++i)
        if (strcmp(cats[i].code, code) == 0) return i;
    return -1;
}

static void add_unit_name(const char *id, const char *name) {
    if (nunit_names >= (int)(sizeof unit_names / sizeof unit_names[0])) return;
    snp(unit_names[nunit_names].id, sizeof unit_names[0].id, "%s", id);
    snp(unit_names[nunit_names].name, sizeof unit_names[0].name, "%s", name);
    ++nunit_names;
}

void load_district(void) {
    json_error_t err;
    district_doc = json_load_file(opt_district, 0, &err);
    if (!district_doc) die("cannot read the district file %s: %s (line %d)", opt_district, err.text, err.line);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(district_doc, "towns"), i, v) {
        if (ntowns >= 64) break;
        snp(towns[ntowns].code, sizeof towns[0].code, "%s", json_string_value(json_object_get(v, "code")));
        snp(towns[ntowns].name, sizeof towns[0].name, "%s", json_string_value(json_object_get(v, "name")));
        char id[64], name[160];
        snp(id, sizeof id, "town.%s", towns[ntowns].code);
        snp(name, sizeof name, "%s社会救助服务窗口", towns[ntowns].name);
        add_unit_name(id, name);
        snp(id, sizeof id, "town.%s.office", towns[ntowns].code);
        snp(name, sizeof name, "%s社会事务办", towns[ntowns].name);
        add_unit_name(id, name);
        ++ntowns;
    }
    json_array_foreach(json_object_get(district_doc, "units"), i, v) {
        add_unit_name(json_string_value(json_object_get(v, "id")), json_string_value(json_object_get(v, "name")));
    }
    static const struct {
        const char *code;
        double w;
    } weights[] = {{"dibao", 24}, {"tekun", 7}, {"disaster", 3}, {"medical", 17}, {"temporary", 14},
                   {"charity", 6}, {"education", 10}, {"housing", 10}, {"employment", 9}};
    json_array_foreach(json_object_get(district_doc, "categories"), i, v) {
        if (ncats >= 32) break;
        Category *c = &cats[ncats++];
        snp(c->code, sizeof c->code, "%s", json_string_value(json_object_get(v, "code")));
        snp(c->name, sizeof c->name, "%s", json_string_value(json_object_get(v, "name")));
        snp(c->owner, sizeof c->owner, "%s", json_string_value(json_object_get(v, "owner")));
        snp(c->need, sizeof c->need, "%s", json_string_value(json_object_get(v, "need")));
        c->town_can_handle = json_is_true(json_object_get(v, "town_can_handle"));
        c->policy_days = (int)json_integer_value(json_object_get(v, "policy_days"));
        c->weight = 5;
        for (size_t k = 0; k < sizeof weights / sizeof weights[0]; ++k)
            if (strcmp(weights[k].code, c->code) == 0) c->weight = weights[k].w;
    }
    if (ntowns == 0 || ncats == 0) die("the district file %s lists no towns or no categories", opt_district);

    /* the calendar of 2026: weekends off, holidays off, adjusted working days on */
    day0 = days_from_civil(2026, 3, 2);
    for (int d = 0; d < SIM_DAYS; ++d) {
        int wd = weekday(day0 + d);
        is_workday[d] = wd != 0 && wd != 6;
        day_kind[d] = is_workday[d] ? 0 : 1;
    }
    json_t *cal = json_object_get(json_object_get(district_doc, "calendar"), "2026");
    json_array_foreach(json_object_get(cal, "holidays"), i, v) {
        const char *s = json_string_value(v);
        long a, b;
        if (parse_date(s, &a)) continue;
        const char *dots = s ? strstr(s, "..") : NULL;
        if (!dots || parse_date(dots + 2, &b)) b = a;
        for (long z = a; z <= b; ++z)
            if (z >= day0 && z < day0 + SIM_DAYS) is_workday[z - day0] = 0, day_kind[z - day0] = 2;
    }
    json_array_foreach(json_object_get(cal, "workdays"), i, v) {
        long a;
        if (parse_date(json_string_value(v), &a)) continue;
        if (a >= day0 && a < day0 + SIM_DAYS) is_workday[a - day0] = 1, day_kind[a - day0] = 0;
    }
}

