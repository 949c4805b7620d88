// The one table of operations, in the spirit of DuckDB's C API: each operation is
// declared once (name, summary, whether it writes, its request fields with types, limits
// and allowed values, what it does), and everything else follows from the declaration:
// the dispatcher (Engine::call looks the operation up here and nowhere else), request
// validation before the operation runs, the `operations` operation (a JSON Schema per
// operation), docs/api.md (tools/gen_api_doc.cpp) and the contract coverage test. Who
// may call an operation is the role matrix's (rules/roles.h), not repeated here.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/op.h"
#include "util/field_spec.h"

namespace od {

// How an operation runs: in a read snapshot, in a write transaction (both with an actor
// and an Op), or on the engine itself (no actor, no store transaction: the clock, the
// workers, the plugins, which must not be called with the store lock held).
enum class OpMode { Read, Write, Engine };

using EngineOpFn = boost::json::value (*)(Engine&, const Fields&);

struct OpDecl {
  std::string name;
  std::string section;  // the heading it is listed under in docs/api.md
  std::string summary;  // one line
  OpMode mode;
  OpFn fn;              // Read, Write
  EngineOpFn engine_fn; // Engine
  FieldSpecs fields;    // the request; "actor" first for Read and Write
  std::string doc;      // what it does, markdown
  bool writes() const { return mode == OpMode::Write; }
};

// Every operation, in documentation order.
const std::vector<OpDecl>& operations();
const OpDecl* find_operation(std::string_view name);

// {"name", "summary", "writes", "actor", "roles": [{"place", "roles"}], "request": schema}
boost::json::object operation_json(const OpDecl& op);

// The engine configuration given to od_open (the district file's are in rules/district.h).
const FieldSpecs& config_fields();

}  // namespace od
