// What the test suite exercised of the declared contract. With OD_CONTRACT_COVERAGE set
// to a directory, an engine records, per operation, every declared field the code read
// and a sample of the requests it accepted, and writes them there when it closes; the
// contract test (tests/contract) then fails when a declared field was never read by any
// path or when an accepted request does not validate against its operation's JSON
// Schema. Unset (always, outside the tests), recording costs one branch per call.
#pragma once
#include <boost/json.hpp>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "util/field_spec.h"

namespace od {

struct OpDecl;

class ContractCoverage {
 public:
  ContractCoverage();
  ~ContractCoverage();  // writes the file
  // `ok`: the call succeeded, so the request is one the schema must accept.
  void record(const OpDecl& op, const boost::json::object& request, const ReadLog& reads, bool ok);

 private:
  std::string dir_;
  std::mutex mu_;
  std::set<std::pair<std::string, std::string>> reads_;
  std::map<std::string, std::set<std::string>> requests_;
};

}  // namespace od
