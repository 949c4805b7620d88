#include "render/ledger.h"

#include "domain/deadlines.h"
#include "render/html.h"
#include "render/names.h"

namespace od {

LedgerBuilder::LedgerBuilder(const District& d, Millis now) : d_(d), now_(now) {
  sheet_.name = "服务台账";
  sheet_.headers = {"序号", "受理编号", "受理日期", "受理窗口", "申请人", "户籍地", "受理方式",
                    "申请事项", "答复及办理结果", "答复日期", "状态", "首问责任人"};
}

void LedgerBuilder::add(const Case& c) {
  bool inquiry = c.items.empty();
  (inquiry ? inquiries_ : requests_)++;
  std::string asked, answer, answered_on, state = case_state_zh(c.state);
  bool overdue = false;
  for (const auto& ob : obligations(d_, c)) overdue |= now_ > ob.due;
  bool flag = false;
  if (inquiry) {
    asked = c.hardship;
    if (c.reply.empty()) {
      answer = "未答复";
      flag = true;
      ++unanswered_;
    } else {
      answer = c.reply;
      if (c.closed_at) answered_on = format_day(local_day(*c.closed_at));
    }
  } else {
    Millis last = 0;
    for (const Item& it : c.items) {
      if (!asked.empty()) asked += "；";
      asked += category_name(d_, it.category);
      if (!answer.empty()) answer += "；";
      answer += category_name(d_, it.category) + "：";
      if (it.feedback) {
        answer += outcome_zh(it.feedback->outcome);
        if (!it.feedback->measures.empty()) answer += "，" + it.feedback->measures;
        if (it.feedback->recorded_at > last) last = it.feedback->recorded_at;
      } else {
        answer += std::string(item_state_zh(it.state)) + "（" + unit_name(d_, it.holder) + "）";
        ++unanswered_;
      }
    }
    if (c.all_final() && last) answered_on = format_day(local_day(last));
  }
  if (overdue) {
    state += "（已超期）";
    flag = true;
  }
  flagged_ += flag;
  sheet_.add({Cell::num(static_cast<double>(sheet_.rows.size() + 1)), c.id, format_day(local_day(c.received_at)),
              window_short_name(d_, c.window), c.applicant.name, town_name(d_, c.hukou_town), channel_zh(c.channel), asked,
              answer, answered_on, state, c.first_officer},
             flag);
}

}  // namespace od
