#include "engine/contract_coverage.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>

#include "engine/operations.h"

namespace od {

namespace {
constexpr size_t kRequestsPerOp = 20;  // enough variety, bounded for the benchmarks' engines
}

ContractCoverage::ContractCoverage() {
  if (const char* d = std::getenv("OD_CONTRACT_COVERAGE")) dir_ = d;
}

void ContractCoverage::record(const OpDecl& op, const boost::json::object& request, const ReadLog& reads, bool ok) {
  if (dir_.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  for (const std::string& p : reads.paths) reads_.insert({op.name, p});
  auto& sample = requests_[op.name];
  if (ok && sample.size() < kRequestsPerOp) sample.insert(boost::json::serialize(request));
}

ContractCoverage::~ContractCoverage() {
  if (dir_.empty()) return;
  static std::atomic<int> n{0};
  std::string file = dir_ + "/cov-" + std::to_string(getpid()) + "-" + std::to_string(n++) + ".txt";
  std::ofstream out(file);
  for (const auto& [op, path] : reads_) out << "R\t" << op << '\t' << path << '\n';
  for (const auto& [op, reqs] : requests_)
    for (const auto& r : reqs) out << "Q\t" << op << '\t' << r << '\n';
}

}  // namespace od
