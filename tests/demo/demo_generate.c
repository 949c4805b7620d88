/* portal_demo: the synthetic district - who applies, for what, with which hardship, and
 * when each next step happens. Seeded (--seed), so a run can be repeated; made-up names,
 * resident IDs with valid check characters (bench/synthetic.h), phones 138xxxxxxxx. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE 1

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "demo.h"

unsigned long long rng_state;
unsigned long long rnd(void) {
    unsigned long long x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 2685821657736338717ULL;
}
int rint_(int lo, int hi) { return lo + (int)(rnd() % (unsigned long long)(hi - lo + 1)); }
int chance(double p) { return (double)(rnd() % 1000000ULL) < p * 1000000.0; }

/* ==== synthetic people ==================================================================== */

long next_person = 0;

void person_id(long p, char out[19]) { od_synthetic_id(1000003UL + (unsigned long)p * 7UL, out); }
void person_name(long p, char *out, size_t n) {
    od_synthetic_name((unsigned long)(p * 37 + (p / 7) * 11), out, n);
}
void person_phone(long p, char *out, size_t n) {
    snp(out, n, "138%08lu", (unsigned long)((p * 7919UL + 12345678UL) % 100000000UL));
}

const char *window_unit(int window, char *buf, size_t n) {
    if (window < 0) snp(buf, n, "district");
    else snp(buf, n, "town.%s", towns[window].code);
    return buf;
}

int pick_category(int allow_nontown) {
    double total = 0;
    for (int i = 0; i < ncats; ++i)
        if (allow_nontown || cats[i].town_can_handle) total += cats[i].weight;
    double x = (double)(rnd() % 1000000ULL) / 1000000.0 * total;
    for (int i = 0; i < ncats; ++i) {
        if (!allow_nontown && !cats[i].town_can_handle) continue;
        if (x < cats[i].weight) return i;
        x -= cats[i].weight;
    }
    return 0;
}

const char *hardship_for(const char *cat) {
    if (!strcmp(cat, "dibao")) return "家庭人均收入低于当地最低生活保障标准，主要劳动力长期患病";
    if (!strcmp(cat, "tekun")) return "老人无劳动能力、无生活来源，无法定赡养人";
    if (!strcmp(cat, "disaster")) return "暴雨致房屋部分倒塌，生活用品受损";
    if (!strcmp(cat, "medical")) return "家庭成员患重病住院，自付医疗费用负担沉重";
    if (!strcmp(cat, "temporary")) return "突发意外事故，家庭生活暂时陷入困境";
    if (!strcmp(cat, "charity")) return "子女患罕见病需长期治疗，希望获得社会帮扶";
    if (!strcmp(cat, "education")) return "子女就读高中，学费和生活费无力承担";
    if (!strcmp(cat, "housing")) return "现住房屋经鉴定为危房，无力修缮";
    if (!strcmp(cat, "employment")) return "家庭成员失业半年以上，希望获得就业援助";
    return "生活困难";
}
const char *measures_for(const char *cat, double *amount) {
    *amount = 0;
    if (!strcmp(cat, "dibao")) return *amount = 640 + 10 * rint_(0, 20), "纳入最低生活保障，按月发放保障金";
    if (!strcmp(cat, "tekun")) return *amount = 980, "纳入特困人员供养，按月发放基本生活费";
    if (!strcmp(cat, "disaster")) return *amount = 1000 * rint_(2, 6), "发放受灾人员救助金和生活物资";
    if (!strcmp(cat, "medical")) return *amount = 500 * rint_(4, 40), "按规定比例给予医疗救助";
    if (!strcmp(cat, "temporary")) return *amount = 500 * rint_(2, 8), "给予一次性临时救助";
    if (!strcmp(cat, "charity")) return *amount = 500 * rint_(2, 10), "慈善项目资助";
    if (!strcmp(cat, "education")) return *amount = 500 * rint_(4, 10), "发放教育救助金，减免学费";
    if (!strcmp(cat, "housing")) return *amount = 5000 * rint_(2, 6), "纳入危房改造计划并给予补助";
    if (!strcmp(cat, "employment")) return "推荐公益性岗位，提供免费职业技能培训";
    return "给予救助";
}

const char *signer_for(const char *unit) {
    static char buf[64];
    unsigned long h = 5381;
    for (const char *p = unit; *p; ++p) h = h * 33 + (unsigned char)*p;
    char name[32];
    od_synthetic_name(h % 2700, name, sizeof name);
    snp(buf, sizeof buf, "%s（负责人）", name);
    return buf;
}

/* schedule a step at working-day offset k from day d, at a slot not before min_slot (same day) */
void sched(int *day, int *slot, int d, int k, int cur_slot) {
    int nd = wd_add(d, k);
    if (nd == d) {
        int s = cur_slot + rint_(1, 4);
        if (s >= SLOTS) {
            nd = wd_add(d, 1);
            s = rint_(0, SLOTS - 1);
        }
        *day = nd;
        *slot = s;
    } else {
        *day = nd;
        *slot = rint_(0, SLOTS - 1);
    }
}

