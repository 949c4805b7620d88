/* portal_demo: the summary. Every number comes from the library's answers (stats,
 * due.list, case.list, case.file, delivery.list) and the simulator's record, and they are
 * cross-checked: a disagreement is a failure (exit 1). */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE 1

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "demo.h"

/* ==== the summary ============================================================================ */

static long long obj_get_int(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    return v ? (long long)json_integer_value(v) : 0;
}
static long long obj_sum(json_t *o) {
    long long s = 0;
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) s += (long long)json_integer_value(v);
    return s;
}

typedef struct {
    char key[64];
    long long n;
} KV;
typedef struct {
    KV kv[256];
    int n;
} Counter;
static void cnt_add(Counter *c, const char *key, long long by) {
    for (int i = 0; i < c->n; ++i)
        if (!strcmp(c->kv[i].key, key)) {
            c->kv[i].n += by;
            return;
        }
    if (c->n < (int)(sizeof c->kv / sizeof c->kv[0])) {
        snp(c->kv[c->n].key, sizeof c->kv[0].key, "%s", key);
        c->kv[c->n++].n = by;
    } else { /* a Counter is for small sets of names: never drop one silently */
        failf("internal: a Counter is full (%d keys); \"%s\" was not counted", c->n, key);
    }
}
static long long cnt_get(const Counter *c, const char *key) {
    for (int i = 0; i < c->n; ++i)
        if (!strcmp(c->kv[i].key, key)) return c->kv[i].n;
    return 0;
}

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static void check_eq(const char *what, long long a, const char *aname, long long b, const char *bname) {
    if (a != b) failf("%s: %s says %lld, %s says %lld", what, aname, a, bname, b);
}

static const char *zh_state(const char *s) {
    if (!strcmp(s, "open")) return "办理中";
    if (!strcmp(s, "closed")) return "已办结";
    if (!strcmp(s, "archived")) return "已归档";
    return s;
}
static const char *zh_outcome(const char *s) {
    if (!strcmp(s, "none")) return "未答复";
    if (!strcmp(s, "granted")) return "给予救助";
    if (!strcmp(s, "refused")) return "不予救助";
    if (!strcmp(s, "referred")) return "转介";
    if (!strcmp(s, "withdrawn")) return "撤回";
    if (!strcmp(s, "merged")) return "重复合并";
    return s;
}
static const char *zh_channel(const char *s) {
    if (!strcmp(s, "in_person")) return "本人申请";
    if (!strcmp(s, "committee")) return "村(居)委会代为申请";
    if (!strcmp(s, "discovery")) return "主动发现";
    if (!strcmp(s, "inquiry")) return "咨询";
    return s;
}
static const char *zh_kind(const char *s) {
    if (!strcmp(s, "route")) return "待分类处置 route";
    if (!strcmp(s, "opinion")) return "待办理意见 opinion";
    if (!strcmp(s, "feedback")) return "待反馈 feedback";
    if (!strcmp(s, "complete")) return "待办结 complete (转办)";
    if (!strcmp(s, "paperwork")) return "待补齐手续 paperwork";
    if (!strcmp(s, "decision")) return "待政府决定 decision";
    if (!strcmp(s, "inquiry")) return "待答复咨询 inquiry";
    return s;
}
static const char *zh_notice(const char *s) {
    if (!strcmp(s, "distribute")) return "分办通知单 distribute";
    if (!strcmp(s, "forward")) return "转送通知单 forward";
    if (!strcmp(s, "hand_over")) return "转交通知单 hand over";
    if (!strcmp(s, "transfer")) return "转办通知单 transfer";
    if (!strcmp(s, "refer")) return "转介通知单 refer";
    return s;
}

static void rule(void) { printf("----------------------------------------------------------------------------\n"); }

/* the day's progress line, from stats */
void progress(int d, long pending_settled) {
    json_t *s = must("stats", json_pack("{s:o}", "actor", district_actor()));
    if (!s) return;
    char date[16];
    day_text(d, date, sizeof date);
    json_t *dl = json_object_get(s, "deliveries");
    const char *kind = day_kind[d] == 0 ? "工作日" : day_kind[d] == 1 ? "周末  " : "节假日";
    printf("%s 周%s %s  受理 %5ld 件  案件 %5lld  在办事项 %4lld  逾期 %3lld  推送 已送达 %5lld 待送 %3lld 失败 %lld%s\n",
           date, WEEKDAY_ZH[weekday(day0 + d)], kind, submitted, jint(s, "cases"), jint(s, "open_items"),
           jint(s, "overdue_items"), obj_get_int(dl, "delivered"), obj_get_int(dl, "pending"), obj_get_int(dl, "dead"),
           pending_settled < 0 ? "  (deliveries still moving)" : "");
    fflush(stdout);
    json_decref(s);
}

/* ==== main ==================================================================================== */

/* Everything from the library's answers (stats, due.list, case.list, case.file,
 * delivery.list) and the simulator's record, cross-checked, then printed. */
void report_summary(const DriveTotals *run, double t_start) {
    long pending_end = run->pending_end;
    double t_sim = run->t_sim;
    long sim_calls = run->sim_calls;
    long housing_500 = 0;
    /* ================= the summary, from the library's answers ================= */
    double t_q0 = mono_s();
    json_t *stats = must("stats", json_pack("{s:o}", "actor", district_actor()));
    json_t *due = must("due.list", json_pack("{s:o}", "actor", district_actor()));
    json_t *dl_all = delivery_list_all(NULL);
    if (!stats || !due || !dl_all) die("the summary queries failed");

    /* every case, page by page (case.list), then each one's whole file (case.file) */
    Counter list_state = {0}, notices = {0}, dstatus = {0};
    long listed = 0, listed_overdue = 0;
    long em_items = 0, em_pw_done = 0, em_pw_late = 0, em_pw_open = 0, dec_req = 0, dec_done = 0, pauses = 0,
         overrides = 0, resubmitted_events = 0, inquiries_answered = 0, merged_items = 0, major_reported = 0,
         files_read = 0, late_feedback = 0, withdrawn_at_window = 0;
    long long after = 0;
    char (*ids)[32] = malloc(sizeof(*ids) * (size_t)(created_cases + 16));
    long nids = 0;
    for (;;) {
        json_t *page = must("case.list", json_pack("{s:o,s:I,s:i}", "actor", district_actor(), "after", (json_int_t)after,
                                                   "limit", 500));
        if (!page) break;
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(page, "cases"), i, c) {
            ++listed;
            cnt_add(&list_state, jstr(c, "state"), 1);
            if (nids < created_cases + 16) snp(ids[nids++], 32, "%s", jstr(c, "id"));
        }
        json_t *next = json_object_get(page, "next");
        if (next) after = json_integer_value(next);
        json_decref(page);
        if (!next) break;
    }
    after = 0;
    for (;;) {
        json_t *page = must("case.list", json_pack("{s:o,s:b,s:I,s:i}", "actor", district_actor(), "overdue", 1, "after",
                                                   (json_int_t)after, "limit", 500));
        if (!page) break;
        listed_overdue += (long)json_array_size(json_object_get(page, "cases"));
        json_t *next = json_object_get(page, "next");
        if (next) after = json_integer_value(next);
        json_decref(page);
        if (!next) break;
    }
    /* every case the demo created can be read back, in the state case.list gives */
    for (int ci = 0; ci < ncases; ++ci) {
        DCase *c = &cases[ci];
        int32_t st;
        json_t *f = call("case.file", json_pack("{s:o,s:s}", "actor", district_actor(), "case_id", c->id), &st);
        if (st != OD_OK) {
            failf("case %s, created by the demo, cannot be read back: %s", c->id, od_status_name(st));
            json_decref(f);
            continue;
        }
        ++files_read;
        json_t *cv = json_object_get(f, "case");
        cnt_add(&dstatus, jstr(cv, "delivery_status"), 1);
        if (json_object_get(cv, "reply")) ++inquiries_answered;
        if (json_object_get(cv, "reported_at")) ++major_reported;
        size_t i, k;
        json_t *it, *n;
        json_array_foreach(json_object_get(cv, "items"), i, it) {
            for (int q = 0; q < c->nitems; ++q)
                if (!strcmp(c->items[q].id, jstr(it, "id"))) c->items[q].lib_open = strcmp(jstr(it, "state"), "answered") != 0;
            json_array_foreach(json_object_get(it, "notices"), k, n) cnt_add(&notices, jstr(n, "type"), 1);
            json_t *em = json_object_get(it, "emergency");
            if (em) {
                ++em_items;
                const char *done = jstr(em, "paperwork_done_at");
                if (*done) {
                    ++em_pw_done;
                    if (strcmp(done, jstr(em, "paperwork_due")) > 0) ++em_pw_late;
                } else {
                    ++em_pw_open;
                }
            }
            json_t *dec = json_object_get(it, "decision");
            if (dec) {
                ++dec_req;
                if (json_object_get(dec, "decided_at")) ++dec_done;
            }
            if (json_array_size(json_object_get(it, "pauses")) > 0) ++pauses;
            if (json_object_get(it, "override_reason")) ++overrides;
            if (!strcmp(jstr(it, "outcome"), "merged")) ++merged_items;
            json_t *fb = json_object_get(it, "feedback");
            if (fb && !strcmp(jstr(fb, "outcome"), "withdrawn") && json_array_size(json_object_get(it, "notices")) == 0)
                ++withdrawn_at_window;
        }
        json_array_foreach(json_object_get(f, "events"), i, n) {
            if (!strcmp(jstr(n, "type"), "resubmitted")) ++resubmitted_events;
            if (!strcmp(jstr(n, "type"), "feedback_recorded") && json_is_true(json_object_get(json_object_get(n, "data"), "late")))
                ++late_feedback;
        }
        /* the state matches case.list */
        int found = 0;
        for (long q = 0; q < nids; ++q)
            if (!strcmp(ids[q], c->id)) found = 1;
        if (!found) failf("case %s is missing from case.list", c->id);
        json_decref(f);
    }
    free(ids);

    /* deliveries: delivery.list vs stats vs the simulator's own record */
    Counter dl_state = {0}, dl_kind = {0}, dl_unitkind = {0};
    long housing_retried = 0, housing_retried_ok = 0;
    size_t i;
    json_t *j;
    json_array_foreach(json_object_get(dl_all, "jobs"), i, j) {
        cnt_add(&dl_state, jstr(j, "state"), 1);
        cnt_add(&dl_kind, jstr(j, "kind"), 1);
        const char *u = jstr(j, "unit");
        cnt_add(&dl_unitkind, !strncmp(u, "town.", 5) ? (strstr(u, ".office") ? "town offices" : "town windows")
                              : !strncmp(u, "dept.", 5) ? u
                              : !strncmp(u, "org.", 4)  ? "social organisations"
                                                        : u,
                1);
        if (!strcmp(u, "dept.housing") && jint(j, "attempts") > 1) {
            ++housing_retried;
            if (!strcmp(jstr(j, "state"), "delivered")) ++housing_retried_ok;
        }
    }
    json_t *sim_recv = sim_http("/_received", NULL, NULL);
    long sim_ok_ids = 0, sim_bad_sig = 0, sim_total = 0;
    {
        /* every delivered job must be in the simulator's record with a 2xx answer */
        size_t nj = json_array_size(json_object_get(dl_all, "jobs"));
        char **ok_ids = calloc(json_array_size(sim_recv) + 1, sizeof(char *));
        size_t nok = 0;
        json_array_foreach(sim_recv, i, j) {
            ++sim_total;
            if (!json_is_true(json_object_get(j, "signature_valid"))) ++sim_bad_sig;
            long st = (long)jint(j, "status");
            if (!strcmp(jstr(j, "path"), "/housing") && st == 500) ++housing_500;
            if (st >= 200 && st < 300) ok_ids[nok++] = (char *)jstr(j, "webhook-id");
        }
        sim_ok_ids = (long)nok;
        long lost = 0;
        for (size_t q = 0; q < nj; ++q) {
            json_t *job = json_array_get(json_object_get(dl_all, "jobs"), q);
            if (strcmp(jstr(job, "state"), "delivered") != 0) continue;
            int seen = 0;
            for (size_t z = 0; z < nok && !seen; ++z) seen = !strcmp(ok_ids[z], jstr(job, "id"));
            if (!seen && ++lost <= 5) failf("job %s is delivered but the simulator never accepted it", jstr(job, "id"));
        }
        if (lost) failf("%ld delivered jobs are missing from the simulator's record", lost);
        free(ok_ids);
    }
    double t_q = mono_s() - t_q0;

    /* ---- cross-checks ---- */
    if (getenv("ONEDOOR_DEMO_BREAK_CHECK") && !strcmp(getenv("ONEDOOR_DEMO_BREAK_CHECK"), "1")) ++created_cases;
    json_t *by = json_object_get(stats, "by");
    long long n_cases = jint(stats, "cases");
    check_eq("cases", n_cases, "stats.cases", created_cases, "intakes that created a case");
    check_eq("cases", n_cases, "stats.cases", listed, "case.list");
    check_eq("cases", n_cases, "stats.cases", files_read, "case.file reads");
    check_eq("applications", submitted, "submitted", created_cases + resubmissions_seen, "created + resubmissions");
    check_eq("resubmissions", resubmitted_events, "case.file events", resubmissions_seen, "intake answers");
    check_eq("cases by state", obj_sum(json_object_get(by, "state")), "stats.by.state", n_cases, "stats.cases");
    check_eq("cases by town", obj_sum(json_object_get(by, "town")), "stats.by.town", n_cases, "stats.cases");
    check_eq("cases by window", obj_sum(json_object_get(by, "window")), "stats.by.window", n_cases, "stats.cases");
    check_eq("items by category", obj_sum(json_object_get(by, "category")), "stats.by.category", jint(stats, "items"),
             "stats.items");
    check_eq("items by department", obj_sum(json_object_get(by, "department")), "stats.by.department",
             jint(stats, "items"), "stats.items");
    static const char *states[] = {"open", "closed", "archived"};
    for (int q = 0; q < 3; ++q)
        check_eq(states[q], obj_get_int(json_object_get(by, "state"), states[q]), "stats.by.state", cnt_get(&list_state, states[q]),
                 "case.list");
    check_eq("archived cases", obj_get_int(json_object_get(by, "state"), "archived"), "stats", archived_ok, "archive answers");
    check_eq("duplicates caught", jint(stats, "duplicates_caught"), "stats", merged_items, "case.file items merged");
    check_eq("overrides", overrides, "case.file", overrides_seen, "intake answers");
    check_eq("emergencies", jint(stats, "emergencies"), "stats", em_items, "case.file emergency grants");
    check_eq("major cases", jint(stats, "major_cases"), "stats", major_reported, "case.file reported_at");
    check_eq("major reports", jint(stats, "major_cases"), "stats", cnt_get(&dl_kind, "major_report"), "delivery.list");
    json_t *sdl = json_object_get(stats, "deliveries");
    static const char *jstates[] = {"pending", "delivered", "dead"};
    for (int q = 0; q < 3; ++q)
        check_eq(jstates[q], obj_get_int(sdl, jstates[q]), "stats.deliveries", cnt_get(&dl_state, jstates[q]), "delivery.list");
    long dead_n = (long)json_array_size(json_object_get(due, "dead_letters"));
    check_eq("dead letters", dead_n, "due.list", cnt_get(&dl_state, "dead"), "delivery.list");
    if (sim_ok_ids < cnt_get(&dl_state, "delivered"))
        failf("the simulator accepted %ld requests, fewer than %lld delivered jobs", sim_ok_ids, cnt_get(&dl_state, "delivered"));
    if (sim_bad_sig) failf("%ld requests reached the simulator with an invalid signature", sim_bad_sig);
    if (cnt_get(&dl_state, "pending") > 0 && dead_n == 0)
        failf("%lld deliveries are still pending at the end and none is a dead letter", cnt_get(&dl_state, "pending"));
    if (pending_end < 0) failf("deliveries did not settle at the end");
    /* overdue items: stats counts open items whose next obligation is late; due.list lists
     * obligations (an item may owe two, closed cases may owe paperwork) */
    {
        size_t no = json_array_size(json_object_get(due, "overdue"));
        const char **seen = calloc(no + 1, sizeof(char *));
        long distinct = 0;
        json_array_foreach(json_object_get(due, "overdue"), i, j) {
            const char *item = jstr(j, "item_id");
            if (!*item) continue; /* an inquiry */
            if (!strcmp(jstr(j, "kind"), "paperwork")) {
                int open = 0;
                for (int ci = 0; ci < ncases; ++ci)
                    for (int q = 0; q < cases[ci].nitems; ++q)
                        if (!strcmp(cases[ci].items[q].id, item)) open = cases[ci].items[q].lib_open;
                if (!open) continue;
            }
            int dup = 0;
            for (long q = 0; q < distinct && !dup; ++q) dup = !strcmp(seen[q], item);
            if (!dup) seen[distinct++] = item;
        }
        check_eq("overdue items", jint(stats, "overdue_items"), "stats.overdue_items", distinct, "due.list");
        free(seen);
    }
    /* overdue: case.list(overdue) = distinct cases in due.list's overdue obligations (any
     * number of them: sorted, then counted) */
    {
        json_t *od = json_object_get(due, "overdue");
        size_t no = json_array_size(od);
        const char **ids = calloc(no + 1, sizeof(char *));
        if (!ids) die("out of memory");
        size_t nid = 0;
        json_array_foreach(od, i, j) ids[nid++] = jstr(j, "case_id");
        qsort(ids, nid, sizeof ids[0], cmp_cstr);
        long distinct = 0;
        for (size_t q = 0; q < nid; ++q)
            if (q == 0 || strcmp(ids[q], ids[q - 1]) != 0) ++distinct;
        check_eq("overdue cases", listed_overdue, "case.list(overdue)", distinct, "due.list");
        free(ids);
    }

    /* ---- print ---- */
    double t_total = mono_s() - t_start;
    int workdays = 0;
    for (int d = 0; d <= LAST_DAY; ++d) workdays += is_workday[d];
    const char *k;
    json_t *v;
    char lab[256];
    printf("\n");
    rule();
    printf("东昌府区社会救助“一门受理、协同办理”运行情况汇总  Dongchangfu district: one-door intake, summary\n");
    printf("统计期间 period    2026-03-02 .. 2026-04-30, %d 个工作日 working days (清明 Qingming 4-4..4-6 off)\n", workdays);
    printf("统计时点 as of     %s\n", now_text);
    printf("数据来源 source    stats, due.list, case.list, case.file, delivery.list (the library's answers)\n");
    rule();
    printf("一、受理登记 Intake and registration\n");
    printf("  %s %6ld   (portal retries answered by idempotency key: %ld)\n", padw("申请提交 applications submitted", 40), submitted, replays_seen);
    printf("  %s %6lld   事项 items %lld\n", padw("登记案件 cases registered", 40), n_cases, jint(stats, "items"));
    printf("  %s %6ld   (no second case: an event on the open one)\n", padw("重复提交 resubmissions", 40), resubmitted_events);
    json_object_foreach(json_object_get(by, "channel"), k, v) {
        snp(lab, sizeof lab, "  %s %s", zh_channel(k), k);
        printf("  %s %6lld\n", padw(lab, 40), (long long)json_integer_value(v));
    }
    printf("  %s %6ld\n", padw("咨询已答复 inquiries answered", 40), inquiries_answered);
    rule();
    printf("二、案件状态与结果 Cases by state, items by outcome\n");
    json_t *bs = json_object_get(by, "state"), *bo = json_object_get(by, "outcome");
    static const char *outs[] = {"granted", "refused", "referred", "withdrawn", "merged", "none"};
    for (int q = 0; q < 6; ++q) {
        char left[128] = "", right[128];
        if (q < 3) {
            snp(lab, sizeof lab, "%s %s", zh_state(states[q]), states[q]);
            snp(left, sizeof left, "%s %6lld", padw(lab, 20), obj_get_int(bs, states[q]));
        }
        snp(lab, sizeof lab, "%s %s", zh_outcome(outs[q]), outs[q]);
        snp(right, sizeof right, "%s %6lld", padw(lab, 22), obj_get_int(bo, outs[q]));
        printf("  %s   %s\n", padw(left, 30), right);
    }
    rule();
    printf("三、救助类别 Items by category            主管部门 Items by owning department\n");
    json_t *bc = json_object_get(by, "category"), *bd = json_object_get(by, "department");
    const char *depts[16];
    int ndepts = 0;
    json_object_foreach(bd, k, v) if (ndepts < 16) depts[ndepts++] = k;
    for (int q = 0; q < (ncats > ndepts ? ncats : ndepts); ++q) {
        char left[128] = "", right[160] = "";
        if (q < ncats) {
            snp(lab, sizeof lab, "%s %s", cats[q].name, cats[q].code);
            snp(left, sizeof left, "%s %5lld", padw(lab, 26), obj_get_int(bc, cats[q].code));
        }
        if (q < ndepts) {
            snp(lab, sizeof lab, "%s %s", unit_name(depts[q]), depts[q]);
            snp(right, sizeof right, "%s %5lld", padw(lab, 26), obj_get_int(bd, depts[q]));
        }
        printf("  %s   %s\n", padw(left, 36), right);
    }
    rule();
    printf("四、镇街 By town: cases of residents registered there (户籍地) / applications taken at its window\n");
    json_t *bt = json_object_get(by, "town"), *bw = json_object_get(by, "window");
    for (int q = 0; q < ntowns; q += 3) {
        printf(" ");
        for (int z = q; z < q + 3 && z < ntowns; ++z) {
            char w1[64], cell[128];
            snp(w1, sizeof w1, "town.%s", towns[z].code);
            snp(cell, sizeof cell, "%s %4lld / %4lld", padw(towns[z].name, 10), obj_get_int(bt, towns[z].code), obj_get_int(bw, w1));
            printf(" %s", padw(cell, 26));
        }
        printf("\n");
    }
    printf("  %s %4lld\n", padw("区社会救助综合服务大厅 district window: taken", 46), obj_get_int(bw, "district"));
    rule();
    printf("五、分类处置 Notices issued (通知单, from every case file)\n");
    static const char *nts[] = {"distribute", "forward", "hand_over", "transfer", "refer"};
    for (int q = 0; q < 5; ++q) printf("  %s %6lld\n", padw(zh_notice(nts[q]), 32), cnt_get(&notices, nts[q]));
    printf("  承办单位 items by handling unit (current holder; for answered items, who answered):\n   ");
    {
        Counter hk = {0};
        json_object_foreach(json_object_get(by, "holder"), k, v) {
            const char *g = !strncmp(k, "town.", 5) ? (strstr(k, ".office") ? "town offices" : "town windows")
                            : !strncmp(k, "org.", 4) ? "social orgs"
                                                     : k;
            cnt_add(&hk, g, (long long)json_integer_value(v));
        }
        for (int q = 0; q < hk.n; ++q) printf("%s %s %lld", q ? "," : "", hk.kv[q].key, hk.kv[q].n);
        printf("\n");
    }
    rule();
    printf("六、时效 Timeliness\n");
    printf("  %s %6lld\n", padw("按时答复 answered on time", 40), jint(stats, "answered_on_time"));
    printf("  %s %6lld\n", padw("超期答复 answered late", 40), jint(stats, "answered_late"));
    printf("  %s %6lld\n", padw("办理意见超期 late opinions", 40), jint(stats, "opinions_late"));
    printf("  %s %6lld   其中逾期 overdue %lld\n", padw("在办事项 open items", 40), jint(stats, "open_items"), jint(stats, "overdue_items"));
    printf("  %s %6.1f\n", padw("平均办理天数 average days to answer", 40), json_number_value(json_object_get(stats, "average_days_to_answer")));
    printf("  due.list: %zu obligations due and not late, %zu overdue, in %ld cases (case.list overdue)\n",
           json_array_size(json_object_get(due, "due")), json_array_size(json_object_get(due, "overdue")), listed_overdue);
    {
        Counter ok = {0}, ou = {0};
        json_array_foreach(json_object_get(due, "overdue"), i, j) {
            cnt_add(&ok, jstr(j, "kind"), 1);
            cnt_add(&ou, jstr(j, "unit"), 1);
        }
        for (int q = 0; q < ok.n; ++q) printf("    逾期 overdue  %s %4lld\n", padw(zh_kind(ok.kv[q].key), 32), ok.kv[q].n);
        if (ou.n) printf("    逾期最多的单位 units with most overdue:");
        for (int shown = 0; shown < 5 && ou.n > 0; ++shown) {
            int best = 0;
            for (int q = 1; q < ou.n; ++q)
                if (ou.kv[q].n > ou.kv[best].n) best = q;
            if (ou.kv[best].n <= 0) break;
            printf("%s %s %lld", shown ? "," : "", unit_name(ou.kv[best].key), ou.kv[best].n);
            ou.kv[best].n = -1;
        }
        if (ou.n) printf("\n");
    }
    rule();
    printf("七、特殊情形 Special handling\n");
    printf("  %s %5lld   主管特批 supervisor overrides %ld\n", padw("重复救助拦截 duplicates caught (merged)", 44), jint(stats, "duplicates_caught"), overrides);
    printf("  %s %5ld\n", padw("窗口撤回 withdrawn before routing", 44), withdrawn_at_window);
    printf("  %s %5ld   手续已补齐 paperwork done %ld (late %ld), outstanding %ld\n", padw("紧急救助先行 emergency aid granted first", 44),
           em_items, em_pw_done, em_pw_late, em_pw_open);
    printf("  %s %5lld   (major_report deliveries %lld)\n", padw("情况重大报区政府 major cases reported", 44), jint(stats, "major_cases"),
           cnt_get(&dl_kind, "major_report"));
    printf("  %s %5ld   已决定 decided %ld\n", padw("提请政府决定 decisions requested", 44), dec_req, dec_done);
    printf("  %s %5ld\n", padw("补充材料暂停计时 items paused for material", 44), pauses);
    rule();
    printf("八、信息推送 Deliveries to department systems (delivery.list; stats and due.list agree)\n");
    printf("  已送达 delivered %lld   待送 pending %lld   失败 dead letters %lld   人工重发 retried by the window %ld\n",
           cnt_get(&dl_state, "delivered"), cnt_get(&dl_state, "pending"), cnt_get(&dl_state, "dead"), dead_retried);
    printf("  by kind:");
    for (int q = 0; q < dl_kind.n; ++q) printf("%s %s %lld", q ? "," : "", dl_kind.kv[q].key, dl_kind.kv[q].n);
    printf("\n  by receiver:");
    for (int q = 0; q < dl_unitkind.n; ++q) printf("%s %s %lld", q ? "," : "", dl_unitkind.kv[q].key, dl_unitkind.kv[q].n);
    printf("\n  区住建局系统故障 housing outage (3-17): od-deptsim answered HTTP 500 %ld times; %ld housing jobs were retried,\n"
           "    %ld of them delivered after the system came back\n",
           housing_500, housing_retried, housing_retried_ok);
    printf("  od-deptsim received %ld requests, %ld accepted (2xx), signatures invalid: %ld\n", sim_total, sim_ok_ids, sim_bad_sig);
    printf("  cases by delivery status:");
    for (int q = 0; q < dstatus.n; ++q) printf("%s %s %lld", q ? "," : "", dstatus.kv[q].key, dstatus.kv[q].n);
    printf("\n");
    rule();
    printf("耗时 Time\n");
    printf("  simulation %.1f s wall (%ld od_call, %.0f calls/s; %.1f applications/s); summary queries %.1f s; total %.1f s\n",
           t_sim, sim_calls, (double)sim_calls / (t_sim > 0 ? t_sim : 1), (double)submitted / (t_sim > 0 ? t_sim : 1), t_q,
           t_total);
    printf("数据库 Database: %s\n", opt_db);
    printf("  check it yourself:\n");
    printf("    sqlite3 %s \"SELECT state, COUNT(*) FROM cases GROUP BY state;\"\n", opt_db);
    printf("    sqlite3 %s \"SELECT state, COUNT(*) FROM outbox GROUP BY state;\"\n", opt_db);
    printf("    sqlite3 %s \"SELECT category, COUNT(*) FROM items GROUP BY category;\"\n", opt_db);
    rule();
    if (failures) printf("SELF-CHECK FAILED: %d inconsistencies (see stderr)\n", failures);
    else printf("self-check: all counts agree (stats = case.list = case.file = delivery.list = simulator)\n");

    json_decref(sim_recv);
    json_decref(stats);
    json_decref(due);
    json_decref(dl_all);
}
