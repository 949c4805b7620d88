#include "render/documents.h"

#include <algorithm>

#include "domain/case_json.h"
#include "domain/resident_id.h"
#include "render/html.h"
#include "render/names.h"

namespace od {
namespace json = boost::json;

namespace {

std::string issuer_of(const District& d) { return d.name + "社会救助“一门受理、协同办理”"; }

std::string money(double v) {
  char buf[48];
  if (v == static_cast<double>(static_cast<int64_t>(v))) std::snprintf(buf, sizeof buf, "%lld元", static_cast<long long>(v));
  else std::snprintf(buf, sizeof buf, "%.2f元", v);
  return buf;
}

std::string household_text(const Case& c) {
  if (c.household.empty()) return "无";
  std::string s;
  for (const Person& p : c.household) {
    if (!s.empty()) s += "；";
    s += p.name;
    if (!p.relation.empty()) s += "（" + p.relation + "）";
  }
  return s;
}

std::string or_none(const std::string& s, const char* none = "未登记") { return s.empty() ? none : s; }

// What a notice asks of the receiver towards the applicant, by notice type.
std::string needs_of_applicant(const Item& it, const Notice& n) {
  std::string s;
  switch (n.type) {
    case NoticeType::Transfer: s = "请你单位直接联系申请人，入户调查、核实情况，按政策时限办结"; break;
    case NoticeType::Refer: s = "请联系申请人了解需求，提供力所能及的帮扶"; break;
    case NoticeType::Forward: s = "本镇(街道)无法办理，请区窗口审核后转办"; break;
    case NoticeType::HandOver: s = "请由申请人户籍地镇(街道)受理办理"; break;
    case NoticeType::Distribute: s = "请联系申请人核实家庭经济状况，申请人应提供身份证、户口簿及困难证明材料"; break;
  }
  for (const Pause& p : it.pauses) s += "；已要求补充：" + p.what;
  return s;
}

void applicant_form(HtmlDoc& doc, const District& d, const Case& c, bool mask_id) {
  doc.form({{"申请人", c.applicant.name},
            {"身份证号", mask_id ? mask_resident_id(c.applicant.id_number) : or_none(c.applicant.id_number)},
            {"户籍地", town_name(d, c.hukou_town)},
            {"联系电话", or_none(c.phone)},
            {"家庭住址", or_none(c.address)},
            {"家庭成员", household_text(c)},
            {"困难情况", or_none(c.hardship, "（咨询）")}});
}

void receipt_body(HtmlDoc& doc, const District& d, const Case& c) {
  doc.heading(issuer_of(d), c.channel == Channel::Inquiry ? "咨询受理回执" : "社会救助申请受理回执", "编号：" + c.id);
  std::string items;
  int n = 0;
  for (const Item& it : c.items) {
    const Category* cat = d.category(it.category);
    items += (items.empty() ? "" : "\n") + std::to_string(++n) + ". " + category_name(d, it.category) +
             (cat ? "（主管部门：" + unit_name(d, cat->owner) + "）" : "");
    if (it.feedback && it.feedback->outcome == Outcome::Merged) items += "　已有同类申请在办，并入原件办理";
  }
  doc.form({{"申请人", c.applicant.name},
            {"身份证号", c.applicant.id_number.empty() ? "未登记" : mask_resident_id(c.applicant.id_number)},
            {"户籍地", town_name(d, c.hukou_town)},
            {"受理时间", date_time_zh(c.received_at)},
            {"受理窗口", unit_name(d, c.window)},
            {"首问责任人", c.first_officer},
            {"受理方式", channel_zh(c.channel) + (c.committee.empty() ? "" : "（" + c.committee + "）") +
                             "，" + urgency_zh(c.urgency)},
            {"申请事项", items.empty() ? "咨询（未申请具体救助事项）" : items},
            {"承诺答复日期", date_zh(promised_answer(d, c)) + "前"},
            {"监督电话", or_none(d.supervision_phone, "见服务大厅公示")}});
  doc.para("您的" + std::string(c.channel == Channel::Inquiry ? "咨询" : "申请") +
               "已受理。我们将按“一门受理、协同办理”的程序转相关部门、单位办理，并在承诺答复日期前将办理结果告知您。"
               "请妥善保管本回执，凭编号查询办理进度；对办理过程有意见或建议，请拨打监督电话。",
           "lead");
  doc.sign_grid({{"受理人（签字）：", ""}, {"申请人（签字）：", ""}},
                {{"", unit_name(d, c.window)}, {"", "（盖章）"}, {"", date_zh(c.received_at)}});
  doc.para("办理程序：申请受理 → 分类登记 → 分类处置（分办、转送、转交、转办、转介）→ 意见反馈 → 资料归档。"
           "承办单位收到通知单后3个工作日内提出办理意见，办结后3个工作日内告知申请人并反馈受理窗口。",
           "small");
}

void notice_body(HtmlDoc& doc, const District& d, const Case& c, const Item& it, const Notice& n) {
  doc.heading(issuer_of(d), std::string("救助事项") + notice_kind_zh(n.type) + "通知单", "编号：" + n.number);
  std::string receiver = unit_name(d, n.receiver);
  std::string ask = n.type == NoticeType::Forward || n.type == NoticeType::HandOver
                        ? "请于" + date_zh(n.opinion_due) + "前分类处置"
                        : "请于" + date_zh(n.opinion_due) + "前提出办理意见";
  if (n.complete_due) ask += "，" + date_zh(*n.complete_due) + "前办结";
  doc.para(receiver + "：");
  doc.para("现将" + c.applicant.name + "申请的" + category_name(d, it.category) + "事项" + notice_kind_zh(n.type) +
               "你单位。" + ask + "，并在办结后3个工作日内告知申请人、将办理结果经单位负责人签字并加盖单位公章后反馈" +
               unit_name(d, n.sender) + "。",
           "lead");
  applicant_form(doc, d, c, false);
  doc.form({{"案件编号", c.id},
            {"救助事项", category_name(d, it.category) + "（" + it.id + "）"},
            {"紧急程度", urgency_zh(c.urgency)},
            {"需申请人配合事项", needs_of_applicant(it, n)},
            {"办理意见期限", date_zh(n.opinion_due)},
            {"办结期限", n.complete_due ? date_zh(*n.complete_due) : std::string("意见提出后3个工作日内反馈")},
            {"备注", or_none(n.note, "无")}});
  doc.sign_grid({{"经办人：", n.officer}, {"签发时间：", date_time_zh(n.issued_at)}},
                {{"发送单位：", unit_name(d, n.sender)}, {"", "（盖章）"}});
  doc.raw("<div class=\"stub\">");
  doc.para("签收回执（接收单位填写后交回" + unit_name(d, n.sender) + "）　编号：" + n.number);
  doc.sign_grid({{"接收单位：", receiver}, {"签收人（签字）：", ""}},
                {{"签收时间：", n.acknowledged_at ? date_time_zh(*n.acknowledged_at) : std::string()},
                 {"", "（盖章）"}});
  doc.raw("</div>\n");
}

void feedback_body(HtmlDoc& doc, const District& d, const Case& c, const Item& it) {
  const Feedback& f = *it.feedback;
  doc.heading(issuer_of(d), "救助事项办理结果反馈单", "编号：" + it.id);
  const Notice* n = it.current_notice();
  doc.para(unit_name(d, f.reported_to) + "：");
  doc.para(std::string("你单位") + (n ? "以" + n->number + "号" + notice_kind_zh(n->type) + "通知单" : std::string("")) +
               "送达的" + c.applicant.name + "申请" + category_name(d, it.category) + "事项，现已办理完毕，结果反馈如下。",
           "lead");
  std::vector<std::pair<std::string, std::string>> rows = {
      {"案件编号", c.id},
      {"申请人", c.applicant.name},
      {"户籍地", town_name(d, c.hukou_town)},
      {"救助事项", category_name(d, it.category)},
      {"承办单位", unit_name(d, f.unit)},
      {"办理意见", or_none(it.opinion, "（未单独出具）")},
      {"办理结果", outcome_zh(f.outcome)},
      {"救助措施", or_none(f.measures, "无")},
  };
  if (f.amount) rows.push_back({"救助金额", money(*f.amount)});
  if (it.valid_until) rows.push_back({"救助有效期至", date_zh(*it.valid_until)});
  rows.push_back({"告知申请人", date_time_zh(f.told_at) + "，" + (f.channel ? channel_zh(*f.channel) : "") + "告知"});
  rows.push_back({"是否按期", f.late ? "超期办结" : "按期办结"});
  rows.push_back({"备注", or_none(f.note, "无")});
  doc.form(rows);
  doc.sign_grid({{"单位负责人（签字）：", f.signer}, {"承办人：", f.officer}},
                {{"", unit_name(d, f.unit)}, {"", "（盖章）"}, {"印章：", or_none(f.seal, "未载明")}, {"", date_zh(f.recorded_at)}});
}

}  // namespace

Millis promised_answer(const District& d, const Case& c) {
  const Deadlines& dl = d.deadlines;
  int days = c.items.empty() ? dl.inquiry : 0;
  bool at_town = d.unit(c.window) && d.unit(c.window)->kind == UnitKind::TownWindow;
  for (const Item& it : c.items) {
    const Category* cat = d.category(it.category);
    int n = dl.route + dl.opinion + dl.feedback;
    if (cat && !cat->town_can_handle) n = (at_town ? dl.route : 0) + dl.route + std::max(cat->policy_days, dl.opinion + dl.feedback);
    days = std::max(days, n);
  }
  return d.calendar.deadline(c.received_at, days);
}

std::string render_receipt(const District& d, const Case& c) {
  HtmlDoc doc("受理回执 " + c.id);
  receipt_body(doc, d, c);
  return doc.finish();
}

std::string render_notice(const District& d, const Case& c, const Item& it, const Notice& n) {
  HtmlDoc doc(std::string(notice_kind_zh(n.type)) + "通知单 " + n.number);
  notice_body(doc, d, c, it, n);
  return doc.finish();
}

std::string render_feedback(const District& d, const Case& c, const Item& it) {
  HtmlDoc doc("办理结果反馈单 " + it.id);
  feedback_body(doc, d, c, it);
  return doc.finish();
}

std::string render_case_file(const District& d, const Case& c, const json::array& events) {
  HtmlDoc doc("社会救助案卷 " + c.id);
  // the documents in time order, as in the index
  struct Entry {
    Millis at;
    std::string title;
    const Item* item;
    const Notice* notice;  // null: the item's feedback
  };
  std::vector<Entry> entries;
  for (const Item& it : c.items) {
    for (const Notice& n : it.notices)
      entries.push_back({n.issued_at, std::string("救助事项") + notice_kind_zh(n.type) + "通知单（" + n.number + "）", &it, &n});
    if (it.feedback && it.feedback->outcome != Outcome::Merged)
      entries.push_back({it.feedback->recorded_at, "办理结果反馈单（" + category_name(d, it.category) + "）", &it, nullptr});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.at < b.at; });

  doc.raw("<div class=\"cover\">");
  doc.para(d.name + "民政局", "issuer");
  doc.raw("<h1>社会救助案卷</h1>");
  doc.form({{"案卷编号", c.id},
            {"申请人", c.applicant.name},
            {"户籍地", town_name(d, c.hukou_town)},
            {"受理窗口", unit_name(d, c.window)},
            {"受理日期", date_zh(c.received_at)},
            {"办结日期", c.closed_at ? date_zh(*c.closed_at) : std::string("未办结")},
            {"归档日期", c.archived_at ? date_zh(*c.archived_at) : std::string("未归档")},
            {"案卷状态", case_state_zh(c.state)},
            {"卷内文件", std::to_string(entries.size() + 1) + "件"},
            {"归档摘要", or_none(c.archive_summary, "无")}});
  doc.raw("</div>");
  doc.page_break();

  doc.heading("", "卷内目录");
  std::vector<std::vector<std::string>> index;
  index.push_back({"1", c.channel == Channel::Inquiry ? "咨询受理回执" : "社会救助申请受理回执", date_zh(c.received_at), unit_name(d, c.window)});
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    std::string unit = e.notice ? unit_name(d, e.notice->sender) : unit_name(d, e.item->feedback->unit);
    index.push_back({std::to_string(i + 2), e.title, date_zh(e.at), unit});
  }
  index.push_back({std::to_string(entries.size() + 2), "办理过程记录", "", "（本系统自动记录）"});
  doc.table({"序号", "文件名称", "日期", "责任单位"}, index, nullptr, {0, 2});
  doc.page_break();

  receipt_body(doc, d, c);
  for (const Entry& e : entries) {
    doc.page_break();
    if (e.notice) notice_body(doc, d, c, *e.item, *e.notice);
    else feedback_body(doc, d, c, *e.item);
  }
  doc.page_break();
  doc.heading("", "办理过程记录");
  std::vector<std::vector<std::string>> rows;
  for (const json::value& ev : events) {
    const json::object& o = ev.as_object();
    auto str = [&](const char* k) {
      const json::value* v = o.if_contains(k);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    std::string who;
    if (const json::value* a = o.if_contains("actor"); a && a->is_object()) {
      const json::object& ao = a->as_object();
      if (auto u = ao.if_contains("unit"); u && u->is_string()) who = unit_name(d, std::string(u->as_string()));
      if (auto p = ao.if_contains("officer"); p && p->is_string()) who += " " + std::string(p->as_string());
    }
    Millis at = parse_instant(str("at")).value_or(0);
    std::string item = str("item_id");
    if (const Item* it = item.empty() ? nullptr : c.item(item)) item = category_name(d, it->category);
    rows.push_back({std::to_string(o.at("seq").to_number<int64_t>()), date_time_zh(at), event_type_zh(str("type")), item, who});
  }
  doc.table({"序号", "时间", "事项", "救助事项", "经办单位及人员"}, rows, "list", {0, 1, 2});
  return doc.finish();
}

}  // namespace od
