// The service ledger (服务台账): one row per request or inquiry received, with what was
// asked, the reply or result, when, and the state, so that every request visibly has
// an answer (事事有回复、件件有落实). An inquiry without a reply, and anything past its
// deadline, is flagged. Pure: cases are added one at a time, in order.
#pragma once
#include <string>

#include "domain/case.h"
#include "render/sheet.h"
#include "rules/district.h"

namespace od {

class LedgerBuilder {
 public:
  LedgerBuilder(const District& d, Millis now);
  void add(const Case& c);
  const Sheet& sheet() const { return sheet_; }
  int64_t requests() const { return requests_; }
  int64_t inquiries() const { return inquiries_; }
  int64_t unanswered() const { return unanswered_; }  // open inquiries and open items
  int64_t flagged() const { return flagged_; }

 private:
  const District& d_;
  Millis now_;
  Sheet sheet_;
  int64_t requests_ = 0, inquiries_ = 0, unanswered_ = 0, flagged_ = 0;
};

}  // namespace od
