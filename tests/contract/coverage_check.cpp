// contract_coverage DIR: reads what engines opened with OD_CONTRACT_COVERAGE=DIR
// recorded (engine/contract_coverage.h) and fails when
//  - an operation was never called,
//  - a declared field was never read by any path the tests took (a declaration that
//    lists a field no code reads), or
//  - a request the engine accepted does not validate against its operation's JSON Schema.
// (A field the code reads but the declaration lacks fails the call itself: INTERNAL.)
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "engine/operations.h"
#include "schema_check.hpp"

namespace json = boost::json;
using namespace od;

namespace {

void declared_paths(const FieldSpecs& specs, const std::string& prefix, std::set<std::string>& out) {
  for (const FieldSpec& f : specs) {
    if (f.type == FieldType::Renamed) continue;
    out.insert(prefix + f.name);
    if (f.type == FieldType::Object || f.type == FieldType::StringOrObject)
      declared_paths(f.fields, prefix + f.name + ".", out);
    if (f.type == FieldType::Objects) declared_paths(f.fields, prefix + f.name + "[].", out);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: contract_coverage DIR\n";
    return 2;
  }
  std::map<std::string, std::set<std::string>> reads;
  std::map<std::string, std::set<std::string>> requests;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    std::ifstream in(entry.path());
    ++files;
    std::string line;
    while (std::getline(in, line)) {
      size_t a = line.find('\t'), b = line.find('\t', a + 1);
      if (a == std::string::npos || b == std::string::npos) continue;
      std::string op = line.substr(a + 1, b - a - 1), rest = line.substr(b + 1);
      (line[0] == 'R' ? reads : requests)[op].insert(rest);
    }
  }
  int problems = 0;
  size_t checked = 0;
  for (const OpDecl& op : operations()) {
    if (!requests.count(op.name)) {
      std::cout << op.name << ": never called by the tests\n";
      ++problems;
      continue;
    }
    std::set<std::string> declared;
    declared_paths(op.fields, "", declared);
    for (const std::string& p : declared)
      if (!reads[op.name].count(p)) {
        std::cout << op.name << ": declares '" << p << "', which no path the tests took reads\n";
        ++problems;
      }
    json::value schema = operation_json(op).at("request");
    for (const std::string& r : requests[op.name]) {
      std::string problem = schema_problem(schema, json::parse(r));
      ++checked;
      if (!problem.empty()) {
        std::cout << op.name << ": an accepted request fails its schema: " << problem << "\n  " << r << "\n";
        ++problems;
      }
    }
  }
  std::cout << files << " coverage file(s), " << operations().size() << " operations, " << checked
            << " accepted requests checked against their schemas, " << problems << " problem(s)\n";
  return problems == 0 && files > 0 ? 0 : 1;
}
