#include "engine/operations.h"

#include <cstdint>

#include "domain/codes.h"
#include "engine/engine_ops.h"
#include "render/render_ops.h"
#include "rules/roles.h"

namespace od {
namespace json = boost::json;

namespace {

const std::vector<std::string> kRoles = {"officer", "handler", "head", "supervisor"};

FieldSpec actor() {
  return f_obj("actor",
               {f_str("officer", 64, "the officer acting (recorded in every event)").req(),
                f_str("unit", 64, "a unit of the district: `district`, `town.<code>`, `dept.<x>`, ...").req(),
                f_enum("role", kRoles, "checked against the role matrix (docs/domain.md#roles)").req()},
               "who acts")
      .req();
}
FieldSpec case_id() { return f_str("case_id", 64, "the case").req(); }
FieldSpec item_id() { return f_str("item_id", 80, "the item").req(); }
FieldSpec note() { return f_text("note", "a free note"); }
FieldSpec handler() {
  return f_str("handler", 64, "the 承办人 named when this acknowledges the notice; default the officer acting");
}
FieldSpec override_() {
  return f_obj("override", {f_text("reason", "why").req()},
               "register a duplicate anyway; only a district-window supervisor");
}
FieldSpec limit(int64_t max, int64_t dflt) {
  return f_int("limit", 1, max, "page size, default " + std::to_string(dflt));
}
FieldSpec cursor(size_t max) { return f_str("after", max, "the `next` of the previous page"); }

OpDecl read(std::string name, std::string section, std::string summary, OpFn fn, FieldSpecs fields, std::string doc) {
  fields.insert(fields.begin(), actor());
  return {std::move(name), std::move(section), std::move(summary), OpMode::Read, fn, nullptr, std::move(fields),
          std::move(doc)};
}
OpDecl write(std::string name, std::string section, std::string summary, OpFn fn, FieldSpecs fields, std::string doc) {
  OpDecl d = read(std::move(name), std::move(section), std::move(summary), fn, std::move(fields), std::move(doc));
  d.mode = OpMode::Write;
  return d;
}
OpDecl engine(std::string name, std::string summary, EngineOpFn fn, FieldSpecs fields, std::string doc) {
  return {std::move(name), "Delivery and engine", std::move(summary), OpMode::Engine, nullptr, fn, std::move(fields),
          std::move(doc)};
}

const char* kIntake = "Intake and registration";
const char* kHandling = "Handling";
const char* kReading = "Reading";
const char* kDocuments = "Documents, names and publishing";
const char* kDelivery = "Delivery and engine";

std::vector<OpDecl> declare() {
  return {
      write("intake", kIntake, "Register an application, an inquiry or a proactive discovery.", op_intake,
            {f_enum("channel", channels().names(), "default `in_person`"),
             f_enum("urgency", urgencies().names(), "default `normal`"),
             f_str("committee", 256, "the village or residents' committee; required when channel is `committee`"),
             f_time("received_at", "default now; not more than a minute ahead, not before the district's `start_date`"),
             f_str("first_officer", 64, "首问责任人, default `actor.officer`"),
             f_obj("applicant",
                   {f_str("name", 128, "").req(),
                    f_str("id_number", 32, "resident ID (GB 11643); optional for an inquiry that names no category"),
                    f_str("phone", 32, "7–20 characters of digits, `-`, `+`"),
                    f_str("hukou_town", 64, "a town code").req(),
                    f_str("address", 512, "")},
                   "")
                 .req(),
             f_objs("household", 30,
                    {f_str("name", 128, "").req(), f_str("id_number", 32, "resident ID, unique in the application").req(),
                     f_str("relation", 32, "")},
                    "the household members"),
             f_text("hardship", "what the applicant needs; optional for an inquiry that names no category"),
             f_strs("categories", 20, 64,
                    "distinct category codes, at most the district's `max_items_per_case` (`TOO_LARGE` beyond); none: "
                    "an inquiry"),
             f_str("idempotency_key", 128, "the same key from the same window returns the existing case"),
             override_()},
            R"md(Register an application, an inquiry or a proactive discovery. Actor: a window (town or
district), else `FORBIDDEN` (`actor.unit`).


Response (compact on purpose; `case.get` gives the whole case): `{case_id, created (bool),
state, received_at, items:[{id, category, state, holder, outcome, linked_item?}],
duplicates[]}`.
- Replay of `idempotency_key`: the same shape with `created:false, replayed:true, duplicates:[]`.
- Resubmission (the same applicant has an open case holding every requested category):
  `{case_id, created:false, resubmission:true, state, duplicates:[{category, existing_case,
  reason:"resubmission"}]}`, no `case`; an event `resubmitted` (with the window, urgency and
  hardship given) is added to the existing case, and the window may see it from then on.
  `applicant.name` must match the name in the open case (`INVALID` otherwise, nothing
  changes). A more urgent `urgency` raises the case's (event `urgency_raised`; `major`
  reports it to the government).
- Duplicates: a requested category whose need (district `need`, e.g. dibao/tekun are both
  `subsistence`) is already open, or granted and still valid, for the applicant or any
  household member is registered `answered` with outcome `merged`, linked to the earlier
  item (`duplicates[]: {category, existing_case, existing_item, reason: "open"|"granted"|
  "resubmission"|"same case"}`) — also against the case's own items, including those
  earlier in the same request. With `override` it is registered normally and the entry carries
  `overridden:true`. A case whose every item merged is closed at once.
- `urgency: "major"`: reported to the government at once (`reported_at`, job `major_report`).)md"),
      write("item.add", kIntake, "Add an item (a category) to an open case.", op_item_add,
            {case_id(), f_str("category", 64, "a category code").req(), override_()}, R"md(`case_id` (req), `category` (req), `override` (opt, as above). Actor: the receiving window
or the district window. `CONFLICT` if the case is not open or already has an open item of
that category or of the same need (naming it; nothing is merged again); `TOO_LARGE`
(field `category`) when the case holds `max_items_per_case` items. Response: `{case_id, item_id, duplicates[], case}`.)md"),
      write("inquiry.answer", kIntake, "Answer an inquiry (a case with no item) and close it.", op_inquiry_answer,
            {case_id(), f_text("reply", "the answer given").req(), f_enum("channel", tell_channels().names(), "how").req()},
            R"md(`case_id`, `reply` (text), `channel` (`in_person|phone|sms|letter|visit|online`), all req.
Actor: the receiving window or the district window. `CONFLICT` if the case has items or is
not open. Closes the case. Response: Case view.)md"),
      write("route", kHandling, "Issue a notice: send the item to another unit.", op_route,
            {item_id(), f_enum("type", notice_types().names(), "the notice").req(),
             f_str("to", 64, "the receiving unit; the default depends on the type"), note()},
            R"md(Issue a notice. `item_id` (req), `type` (req: `distribute|forward|hand_over|transfer|refer`),
`to` (opt unit; default: distribute → the town's only office; forward → `district`;
hand_over → the window of `hukou_town`; transfer → the category's owner; refer → none,
required), `note` (opt text). Actor holds the item; item `at_window` (`CONFLICT` otherwise).
Rules (`INVALID` on `to`, or on `type` when `to` was not given):
distribute: town window → its own office, category `town_can_handle`; forward: town window →
district window; hand_over: district window → window of the applicant's `hukou_town`,
category `town_can_handle`; transfer: district window → the category's owner department;
refer: any window → a social organisation.
After forward/hand_over the item stays `at_window` at the receiver (route deadline);
otherwise it becomes `notified`. Response: item response + `notice`.)md"),
      write("acknowledge", kHandling, "Acknowledge a notice and name the handler (承办人).", op_acknowledge,
            {item_id(), handler()}, R"md(`item_id`, `handler` (opt string ≤64: the 承办人 answerable for the item to its feedback;
default the acknowledging officer). Holder; item `notified` → `handling`; sets the
notice's `acknowledged_at` and `handler` and the item's `handler`. An opinion, a material
request or a feedback on a notified item acknowledges it implicitly (`handler` may be
given with them).)md"),
      write("handler.change", kHandling, "Change the item's handler.", op_handler_change,
            {item_id(), f_str("handler", 64, "the new handler").req(), f_text("reason", "why").req()},
            R"md(`item_id`, `handler` (string ≤64, not the current one), `reason` (text). The holder's head;
the item has a handler and is not answered. Event `handler_changed` {from, to, reason}.)md"),
      write("opinion", kHandling, "Give the handling opinion (办理意见).", op_opinion,
            {item_id(), f_text("opinion", "the opinion").req(), handler()}, R"md(`item_id`, `opinion` (text). Holder; item `notified` or `handling` → `handling`
(acknowledges implicitly).)md"),
      write("material.request", kHandling, "Ask the applicant for material; the item's clock stops.",
            op_material_request, {item_id(), f_text("what", "what is missing").req(), handler()},
            R"md(request: `item_id`, `what` (text); holder; `notified|handling` → `awaiting_material`
(the clock stops). receive: `item_id`, `note` (opt); holder; → the state before the pause;
the event `material_received` records `paused_working_days`.)md"),
      write("material.receive", kHandling, "Record the material received; the clock runs again.",
            op_material_receive, {item_id(), note()}, "See `material.request`."),
      write("emergency.grant", kHandling, "Grant emergency aid before the item is decided (先行救助).",
            op_emergency_grant,
            {item_id(), f_text("measures", "what was given").req(), f_num("amount", 0, 1e9, "yuan")},
            R"md(`item_id`, `measures` (text), `amount` (opt number 0–1e9). Case urgency `emergency`
(`CONFLICT` otherwise), item not answered, not granted before. Actor: the holder, the
receiving window, the category's owner, the district window, or a unit of the applicant's
town. Sets `item.emergency` with `paperwork_due`; job `emergency_grant` to the owner when
the owner is not the actor. Does not change the item's state.)md"),
      write("paperwork.complete", kHandling, "Record that an emergency grant's paperwork is complete.",
            op_paperwork_complete, {item_id(), note()}, R"md(`item_id`, `note` (opt). Actor: the unit that granted, the holder or the receiving window.
`CONFLICT` without a grant or when already complete. Event data `late` (bool).)md"),
      write("decision.request", kHandling, "Put a matter to the local government for decision.",
            op_decision_request, {item_id(), f_text("question", "the matter").req()}, R"md(request: `item_id`, `question` (text); the holder (a window's supervisor or a handling
unit's head); `handling` or `at_window` → `awaiting_decision` (`resume_state` remembers
which); sent to the holder's local government (`decision.to`: its town's government for a
town's units, `gov.district` otherwise); due in `deadlines.decision`; job
`decision_request` to that government. record: `item_id`, `decision` (text); the
government asked, as head (`FORBIDDEN` with `actor.unit` for any other unit that can see
the case); → the state it was asked from; job `decision` to the holder.)md"),
      write("decision.record", kHandling, "Record the government's decision.", op_decision_record,
            {item_id(), f_text("decision", "the decision").req()}, "See `decision.request`."),
      write("feedback", kHandling, "The final answer of an item (办理结果反馈).", op_feedback,
            {item_id(), f_enum("outcome", names_of({Outcome::Granted, Outcome::Refused, Outcome::Referred, Outcome::Withdrawn}), "").req(),
             f_time("told_at", "when the applicant was told; not in the future, not before receipt").req(),
             f_enum("channel", tell_channels().names(), "how the applicant was told").req(),
             f_text("measures", "a grant states its measures or its amount"), f_num("amount", 0, 1e9, "yuan"),
             f_time("valid_until", "only with `granted`; later than now; default now + the category's `grant_valid_days`"),
             note(), f_str("signer", 128, "the head who signs; required except for a withdrawal at the window"),
             f_str("seal", 128, "the unit's seal; required except for a withdrawal at the window"),
             f_text("opinion", "the handling opinion, when the notice asked for one not yet given"), handler()},
            R"md(The final answer of an item. `item_id`, `outcome` (`granted|refused|referred|withdrawn`),
`told_at` (time, not in the future), `channel` (`in_person|phone|sms|letter|visit|online`)
required; `measures` (text), `amount` (0–1e9; a grant needs measures or amount), `note`,
`valid_until` (time later than now, only with `granted`; default now + category
`grant_valid_days`) optional; `told_at` must not be before the case was received;
`signer` and `seal` (string ≤128) required except for a withdrawal at the window;
`opinion` (text): required when the item's notice (distribute, transfer) asked for a handling
opinion that was not given yet, refused otherwise (`INVALID`, `opinion`) — recorded first
(event `opinion_given` with `with_feedback`). Holder; at a handling unit its head.
Item `handling` (a `notified` item is acknowledged by the answer itself); at the window
only `withdrawn` (else `CONFLICT`, field `outcome`); otherwise `CONFLICT`. Sets `reported_to` (the sender of the last
notice, or the window); jobs `feedback` to the category's owner and `reported_to` unless
they answered; closes the case when every item is answered. Response: item response +
`late` (bool: after the deadline then in force). Plugins report polled results through
this operation as `{"officer":"plugin:<unit>","unit":<unit>,"role":"head"}`; a polled
result that names a `broadcast` is an organisation's answer to a help request and goes to
`help.offer` (role `handler`). `feedback.handler` is the item's handler.)md"),
      write("cooperation.request", kHandling, "Ask other units for a cooperating opinion (征求意见).",
            op_cooperation_request,
            {item_id(), f_strs("to", 20, 64, "departments or social organisations; default the category's `cooperating`"),
             f_text("question", "what is asked").req()},
            R"md(request: `item_id`, `to` (opt array ≤20 of department or social-organisation units; default
the category's `cooperating` units, `INVALID` on `to` when it has none), `question` (text).
The holder, while the item is `at_window`, `notified` or `handling`. Each unit gets a
numbered request (`COO-<year>-<n>`, due in `deadlines.opinion`), may see the case from
then on, and a job `cooperation_request`; a unit with an unanswered request is not asked
again (`CONFLICT`). Response: item response + `cooperations[]` (the new ones). answer:
`item_id`, `cooperation` (the number), `answer` (text); the unit asked (`FORBIDDEN` otherwise), once
(`CONFLICT`); event `cooperation_answered` (data `late`), job `cooperation_answer` to the
unit that asked.)md"),
      write("cooperation.answer", kHandling, "Answer a cooperation request.", op_cooperation_answer,
            {item_id(), f_str("cooperation", 64, "the request's number, `COO-<year>-<n>`").req(),
             f_renamed("number", "cooperation"), f_text("answer", "the opinion").req()},
            "See `cooperation.request`."),
      write("help.broadcast", kHandling, "Ask social organisations for help, masked (信息发送渠道).",
            op_help_broadcast,
            {item_id(), f_text("text", "what is needed; no name, ID, phone or address").req(),
             f_strs("to", 50, 64, "social organisations; default those serving the item's need")},
            R"md(broadcast: `item_id`, `text` (text: what is needed; `INVALID` when it contains a name or ID
number of the applicant or household, the phone, the address, or six digits in a row),
`to` (opt array of social organisations; default those whose `serves` lists the item's
category or need; `CONFLICT` when none). The holding window, item `at_window`. A numbered
request `HLP-<year>-<n>` is recorded and a job `help_request` goes to each organisation
with a body of `{kind, job_id, district, at, help_request: {number, item_id, category,
category_name, town, household_size, text, window}}` — no case. The organisations do not
see the case. Response: item response + `broadcast`.
offer: `item_id`, `broadcast`, `answer` (`offer`|`decline`), `text`. An organisation asked
(an organisation never asked about the item that may not see its case: `NOT_FOUND` `no item '<id>'` on
`item_id`, as for a missing item; one asked another request: `NOT_FOUND` on `broadcast`), once (`CONFLICT`). Response: `{broadcast, org,
answer, text}` only. accept: `item_id`, `broadcast`, `org`, `note` (opt). The holding
window, item `at_window`; the offer must exist (`NOT_FOUND` on `org`) and not be a decline
(`CONFLICT`). Issues a refer notice to the organisation (its one deadline); response:
item response + `notice`. Events `help_broadcast`, `help_offered`, `help_declined`,
`help_accepted`.)md"),
      write("help.offer", kHandling, "An organisation offers help or declines.", op_help_offer,
            {item_id(), f_str("broadcast", 64, "the help request's number, `HLP-<year>-<n>`").req(),
             f_enum("answer", {"offer", "decline"}, "").req(), f_text("text", "the offer, or why not").req()},
            "See `help.broadcast`."),
      write("help.accept", kHandling, "Accept an offer of help: a referral to the organisation.", op_help_accept,
            {item_id(), f_str("broadcast", 64, "the help request's number").req(),
             f_str("org", 64, "the organisation whose offer is accepted").req(), note()},
            "See `help.broadcast`."),
      write("archive", kHandling, "Archive a closed case; it never changes again.", op_archive,
            {case_id(), f_text("summary", "the archive summary")}, R"md(`case_id`, `summary` (opt text). Actor: the receiving window or the district window. Case
`closed`, emergency paperwork complete and every delivery job delivered (`CONFLICT`
naming what is missing). Response: Case view (`state: "archived"`); afterwards any change
is `ARCHIVED`.)md"),
      read("case.get", kReading, "One case.", op_case_get, {case_id()}, R"md(`case_id`. Response: Case view.)md"),
      read("case.file", kReading, "The whole file of a case: documents and events.", op_case_file, {case_id()},
           R"md(`case_id`. Response: `{case, documents[], events[]}`. `documents`: the application
(`{type:"application", title, at, window, first_officer}`), then each notice (Notice +
`type:"notice", notice_type, item_id, category`) and feedback (feedback + `type:"feedback",
title, item_id, category`) in time order. `events`: `{seq, type, item_id?, at, actor,
before, after, data}`; types: `received, item_registered, merged, duplicate_overridden,
resubmitted, reported_to_government, notice_issued, acknowledged, opinion_given,
material_requested, material_received, emergency_aid_granted, paperwork_completed,
decision_requested, decision_recorded, feedback_recorded, reported_to_window, case_closed,
inquiry_answered, archived, delivery_retried, urgency_raised, handler_changed,
cooperation_requested, cooperation_answered, help_broadcast, help_offered, help_declined,
help_accepted, deadlines_recomputed`.)md"),
      read("case.list", kReading, "Cases the actor may see, filtered, a page at a time.", op_case_list,
           {f_enum("state", case_states().names(), ""),
            f_enum("outcome", outcomes().names(), ""),
            f_str("town", 64, "the applicant's town"), f_str("category", 64, ""), f_str("unit", 64, "routed to"),
            f_str("window", 64, "received at"),
            f_str("applicant_id", 32, "cases where the person is applicant or household member"),
            f_bool("overdue", "only cases owing something overdue"),
            f_time("received_from", "received at or after"), f_time("received_to", "received before"),
            f_int("after", 0, INT64_MAX, "the `next` of the previous page"), limit(500, 50)},
           R"md(Filters (all opt): `state` (`open|closed|archived`), `outcome`
(`none|granted|refused|referred|withdrawn|merged`), `town`, `category`, `unit` (routed to),
`window`, `applicant_id` (cases where the person is applicant or household member),
`overdue` (bool), `received_from`, `received_to` (times: received in [from, to)),
`after` (cursor), `limit` (1–500, default 50). Only visible cases, in sequence order.
Response: `{cases:[{id, seq, state, urgency, window, town, received_at, applicant (name),
items:[{id, category, state, holder, outcome}]}], count, next?}`. `next` is present while
there may be more: pass it back as `after`. A page may hold fewer than `limit` cases and
still have a `next` (each call examines a bounded number of index rows, so no call's cost
grows with the district's history): loop until `next` is absent.)md"),
      read("due.list", kReading, "Open obligations by due date, a page at a time.", op_due_list,
           {f_time("at", "default now"), f_str("unit", 64, "only what this unit owes"),
            f_bool("overdue", "only what is overdue at `at`"), f_renamed("overdue_only", "overdue"), cursor(256),
            limit(1000, 200)},
           R"md(`at` (opt time, default now), `unit` (opt: only what this unit owes), `overdue` (opt
bool), `after` (opt cursor), `limit` (1–1000, default 200). Every open obligation of the
cases visible to the actor (closed cases owing paperwork included), in due order, a page at
a time. Response: `{at, overdue[], due[]}` (this page's Obligations, split at `at`),
`dead_letters[]` (Jobs), `held[]` (pending Jobs that wait behind a dead letter of the same
case and unit, with `held`), `units: {unit: {due, overdue}}` (counts over every page),
`next?` (pass as `after`).)md"),
      read("stats", kReading, "Statistics of the cases received in a period.", op_stats,
           {f_time("from", "received at or after"), f_time("to", "received before")}, R"md(`from`, `to` (opt times; cases received in [from, to)). Response: `{cases, items,
open_items, overdue_items, answered_on_time, answered_late, opinions_late, duplicates_caught,
emergencies, major_cases, average_days_to_answer, by: {state, town, window, channel,
category, department, holder, outcome: {key: count}}, granted: {by_category, by_town:
{key: {items, amount}}}, deliveries?: {state: count}}`.
Every count is over the cases the actor may see (the whole district for the units the
district file lists in `statistics_readers`, e.g. `dept.finance`, which supervises the
money); `deliveries` (the whole outbox) is given
to the district window only. `answered_late` counts answers after their own deadline;
`opinions_late` opinions given (or never given) after theirs; `granted` totals the granted
items and their amounts (yuan) by category and by the applicant's town. Whole days and
months come from rollups kept with every change, so the cost depends on the period's
length, not on the number of cases.)md"),
      read("disclosure", kReading, "The masked public list of grants (公示).", op_disclosure,
           {f_time("from", "granted at or after"), f_time("to", "granted before"), f_str("town", 64, ""), cursor(256),
            limit(1000, 200)},
           R"md(`from`, `to` (opt times of the grant), `town` (opt), `after` (opt cursor), `limit` (1–1000,
default 200). Any actor (an actor is still required); the list covers the whole district,
masked, since it is published, in the order the grants were recorded. Response: `{district,
count, rows:[{name (masked: 王*国), id_number (371502********0018), town, category (names),
measures, amount?, household_size, granted_on (date)}], next?}` (pass `next` as `after`).)md"),
      read("names", kDocuments, "Names of the district's towns, units and categories.", op_names, {}, R"md(No fields. Response: `{district:{code,name}, towns:[{code,name,kind}], units:[{id,name,kind,
kind_name,town?}], categories:[{code,name,owner,owner_name,need,town_can_handle}]}`, so a
portal shows names, never codes.)md"),
      read("render", kDocuments, "Render a document (HTML, CSV or XLSX).", op_render,
           {f_enum("document", {"receipt", "notice", "feedback", "case_file", "ledger", "stats", "disclosure"}, "")
                .req(),
            f_enum("format", {"html", "csv", "xlsx"}, "default `html`"),
            f_str("case_id", 64, "receipt, case_file"), f_str("item_id", 80, "notice, feedback"),
            f_str("notice", 64, "notice: its number; default the item's latest"),
            f_str("window", 64, "ledger: the window"), f_time("from", "ledger, stats, disclosure"),
            f_time("to", "ledger, stats, disclosure"), f_str("town", 64, "disclosure"),
            f_str("publication", 64, "disclosure: a frozen publication, `PUB-<year>-<n>`")},
           R"md(Renders a document. `document` (req): `receipt` | `notice` | `feedback` | `case_file` |
`ledger` | `stats` | `disclosure`; `format` (opt): `html` (default) | `csv` | `xlsx`.

| document | fields | formats | what |
|---|---|---|---|
| `receipt` | `case_id` | html | 受理回执: case number, date, window, first-responsible officer, items, the promised answer date, the supervision phone (district `supervision_phone`) |
| `notice` | `item_id`, `notice` (opt number; default the item's latest) | html | the 分办/转送/转交/转办/转介 通知单 with sender and receiver by name, what is needed of the applicant, opinion and completion dates, signature and seal lines, a receipt slip |
| `feedback` | `item_id` (`CONFLICT` without a feedback) | html | 办理结果反馈单: outcome, measures, amount, signer, seal, when and how the applicant was told |
| `case_file` | `case_id` | html | cover, index (卷内目录), the receipt, every notice and feedback, the event log |
| `ledger` | `window` (opt; a town window gets its own, the district window all), `from`, `to` (received) | html, csv, xlsx | 服务台账: one row per request or inquiry with its reply and state; an unanswered inquiry or anything overdue is flagged; then the disclosure publications |
| `stats` | `from`, `to` | html, csv, xlsx | the `stats` counts with names, answers on time/late/overdue per unit, weekly trend, working days to answer, emergency grants, granted amounts by category, town and month; SVG charts in HTML |
| `disclosure` | `from`, `to`, `town`, or `publication` (a frozen list) | html, csv | 公示名单 |

Visibility is that of `case.get` (documents of a case), `case.list` (ledger) and `stats`.
A wrong format for a document is `INVALID` (`format`). Response: `{document, format,
media_type, filename, encoding ("utf-8" | "base64" for xlsx), content}`, plus `rows` (and
`unanswered`) for the ledger and disclosure, and `stats` for the statistics. HTML is
self-contained (inline CSS and SVG, no script), A4 with print styles; CSV is UTF-8 with a
byte order mark and CRLF.)md"),
      write("disclosure.publish", kDocuments, "Publish the disclosure list: freeze it as published.",
            op_disclosure_publish,
            {f_enum("place", {}, "one of the district's `disclosure.places`").req(),
             f_str("title", 128, "default the district's name + 社会救助对象公示名单"),
             f_time("from", "granted at or after"), f_time("to", "granted before"), f_str("town", 64, "")},
            R"md(`place` (req, one of the district's `disclosure.places`: `notice_board`, `website`,
`service_hall`), `from`, `to`, `town` (opt, as `disclosure`), `title` (opt). Actor: the
district window (`FORBIDDEN` otherwise). Freezes the list as published (a trigger refuses
any later change). Response: `{publication:{id ("PUB-2026-000001"), from?, to?, town?,
place, place_name, title, published_by (actor), published_at, count}, rows}`. The ledger
lists every publication.)md"),
      read("disclosure.publications", kDocuments, "Publications, or one with its frozen rows.",
           op_disclosure_publications,
           {f_str("publication", 64, "one publication, `PUB-<year>-<n>`"), f_renamed("id", "publication"),
            limit(1000, 100)},
           R"md(`publication` (opt): one publication with its `columns` and frozen `rows`; without it, `limit`
(1–1000, default 100) newest first, without rows.)md"),
      read("verify", kDocuments, "Check the database and the event chains.", op_verify, {}, R"md(Actor: the district window. SQLite's integrity check; every case's event chain (each
event's SHA-256 over its content and its predecessor's hash, numbering from 1 without gaps,
`received` first, the seal written at archiving); the district-wide chain over all events
in append order. Response: `{ok, cases, events, district_head, problems[]}`, where each
problem names the first broken link (`C371502-2026-000001 event 3 (notice_issued): its
content does not match its hash`). The ledger prints the district head so that a copy kept
outside the database can be compared.)md"),
      read("delivery.list", kDelivery, "Delivery jobs, a page at a time.", op_delivery_list,
           {f_str("case_id", 64, "one case's jobs; without it only the district window"),
            f_enum("state", job_states().names(), ""), limit(1000, 100), cursor(64),
            f_bool("with_body", "include each job's body")},
           R"md(`case_id` (opt; without it only the district window), `state` (opt
`pending|delivered|dead`), `limit` (1–1000, default 100), `after` (opt: the `next` of the
previous page), `with_body` (bool). Jobs in creation order. Response: `{jobs: [Job], next?}`;
`next`, an opaque cursor, is given when the page is full: pass it back as `after`
(`INVALID` on `after` for anything else).)md"),
      write("delivery.retry", kDelivery, "Send a dead letter again.", op_delivery_retry,
            {f_str("job_id", 64, "the job").req(), f_text("reason", "why").req()}, R"md(`job_id`, `reason` (text). Actor: the case's window or the district window. `CONFLICT`
unless the job is `dead`. Response: the Job (pending again).)md"),
      engine("delivery.run", "Deliver due jobs on the calling thread.", op_delivery_run,
             {f_int("max", 1, 100000, "at most this many jobs, default 1000")}, R"md(No actor. `max` (opt 1–100000, default 1000). Delivers due jobs on the calling thread.
Response: `{attempted}`.)md"),
      engine("plugins.poll", "Ask polling plugins for results.", op_plugins_poll, {}, R"md(No actor. Asks polling plugins for results (each becomes a `feedback` call).
Response: `{reported}` (results accepted).)md"),
      engine("engine.status", "The engine's version, database, clock, plugins and recent log.", op_engine_status, {},
             R"md(No actor. Response: `{version, database, schema_version, clock ("system"|"manual"), now,
district, workers, plugins:[{unit, file, state ("active"|"disabled"), name?, version?,
abi_minor?, status? (an ABI 1.1 plugin's own object, extension `onedoor.status/1`),
error?}], calendar_years[], calendar_warnings[] (today or the next 60 days in a year
without holiday data: deadlines there are provisional), log[] (last 200 lines at or above
`log_level`)}`.)md"),
      engine("clock.set", "Set the manual clock.", op_clock_set, {f_time("at", "the new time").req()}, R"md(Manual clock only (`FORBIDDEN`, field `clock`, otherwise). set: `at` (time). advance (all
opt, applied in this order): `working_days` (0–3650, same time of day that many working
days later), `days`, `hours`, `minutes`. Response: `{now}`.)md"),
      engine("clock.advance", "Move the manual clock on.", op_clock_advance,
             {f_int("working_days", 0, 3650, "first: the same time of day this many working days later"),
              f_int("days", 0, 3650, ""), f_int("hours", 0, 24 * 3650, ""), f_int("minutes", 0, 60 * 24 * 3650, "")},
             "See `clock.set`."),
      engine("operations", "Every operation with the JSON Schema of its request.", op_operations, {},
             "No actor. Response: `{operations: [{name, summary, writes, actor, roles: [{place, roles}], request}]}`, "
             "where `request` is a JSON Schema (draft 2020-12) of the request object, from the same declaration that "
             "validates requests and writes this page (`src/engine/operations.cpp`). `roles` lists the role matrix's "
             "rules for the operation; none: any role."),
  };
}

}  // namespace

const std::vector<OpDecl>& operations() {
  static const std::vector<OpDecl> table = declare();
  return table;
}

const OpDecl* find_operation(std::string_view name) {
  for (const OpDecl& d : operations())
    if (d.name == name) return &d;
  return nullptr;
}

json::object operation_json(const OpDecl& op) {
  json::object o;
  o["name"] = op.name;
  o["summary"] = op.summary;
  o["writes"] = op.writes();
  o["actor"] = op.mode != OpMode::Engine;
  json::array roles;
  for (const RoleRule& r : role_matrix()) {
    if (r.operation != op.name) continue;
    json::array who;
    for (const auto& x : r.roles) who.push_back(json::value(x));
    roles.push_back(json::object{{"place", place_name(r.place)}, {"roles", std::move(who)}});
  }
  o["roles"] = std::move(roles);
  json::object schema = json_schema(op.fields);
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["title"] = op.name;
  schema["description"] = op.summary;
  o["request"] = std::move(schema);
  return o;
}

const FieldSpecs& config_fields() {
  static const FieldSpecs specs = {
      f_str_or_obj("database", 4096,
                   {f_enum("backend", {"sqlite", "postgresql"}, ""), f_str("path", 4096, "sqlite: the database file"),
                    f_int("max_pages", 1, int64_t{1} << 31, "sqlite, for tests: the file may grow to this many pages"),
                    f_str("conninfo", 4096, "postgresql: a libpq connection string"),
                    f_str("password_env", 256, "postgresql: the environment variable holding the password"),
                    f_str("password_file", 4096, "postgresql: a file holding the password")},
                   "the database file (a path), or an object naming the backend")
          .req(),
      f_str("district_file", 4096, "the district file (or `district`)"),
      f_map("district", "the district inline, as in a district file"),
      f_str("plugin_dir", 4096, "base for relative plugin files; default `<libdir>/onedoor/plugins`"),
      f_map("plugins", "merged over the district's `plugins`: `{unit: {file, config}}`"),
      f_str("calendar_dir", 4096, "directory of holiday-year files; default `calendar/` next to the district file"),
      f_enum("clock", {"system", "manual"}, "default `system`"),
      f_time("clock_start", "the manual clock's start"),
      f_str("log_file", 4096, ""),
      f_enum("log_level", {"debug", "info", "warn", "error"}, "default `info`"),
      f_bool("log_syslog", ""),
      f_bool("read_only", "default false: queries work, writes are `FORBIDDEN` naming `read_only`"),
      f_bool("exclusive", "default false: one writing engine per database file (an opt-in); shared engines let leases of a dead process expire"),
      f_obj("delivery",
            {f_int("workers", 0, 64, "default 1; 0: the portal calls `delivery.run`"),
             f_int("batch", 1, 1000, "jobs claimed per transaction, default 32"),
             f_int("lease_ms", 100, 86'400'000, "a job's lease, default 300000"),
             f_int("idle_ms", 1, 60'000, "default 200"),
             f_int("poll_interval_ms", 0, 86'400'000, "0 (default): never poll"),
             f_int("backoff_base_ms", 1, 86'400'000, "default 2000"),
             f_int("backoff_cap_ms", 1, 7 * 86'400'000LL, "default 900000"),
             f_int("max_attempts", 1, 1000, "default 12"),
             f_int("max_period_s", 1, 365 * 86'400LL, "default 259200")},
            "the delivery workers"),
  };
  return specs;
}

}  // namespace od
