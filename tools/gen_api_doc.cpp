// gen_api_doc: prints docs/api.md from the declarations (src/engine/operations.cpp, the
// configuration's and the district file's), between a hand-written intro and appendix.
//   gen_api_doc docs/api-intro.md docs/api-appendix.md > docs/api.md
// The ctest api_doc.current fails when the checked-in page differs from this output.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "engine/operations.h"
#include "rules/district.h"
#include "rules/roles.h"

namespace {

using namespace od;

std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string cell(std::string s) {
  for (size_t i = 0; (i = s.find('|', i)) != std::string::npos; i += 2) s.replace(i, 1, "\\|");
  for (char& c : s)
    if (c == '\n') c = ' ';
  return s;
}

// One row per field, nested fields under their parent's path ("household[].name").
void field_rows(std::ostream& out, const FieldSpecs& specs, const std::string& prefix) {
  for (const FieldSpec& f : specs) {
    std::string path = prefix + f.name;
    if (f.type == FieldType::Renamed) {
      out << "| `" << path << "` | | | old spelling: `INVALID`, use `" << f.renamed_to << "` |\n";
      continue;
    }
    out << "| `" << path << "` | " << type_text(f) << " | " << (f.required ? "req" : "opt") << " | " << cell(f.doc)
        << " |\n";
    if (!f.fields.empty()) field_rows(out, f.fields, path + (f.type == FieldType::Objects ? "[]." : "."));
  }
}

void field_table(std::ostream& out, const FieldSpecs& specs) {
  if (specs.empty()) {
    out << "No fields.\n\n";
    return;
  }
  out << "| field | type | | |\n|---|---|---|---|\n";
  field_rows(out, specs, "");
  out << "\n";
}

std::string who(const OpDecl& op) {
  if (op.mode == OpMode::Engine) return "no actor";
  std::string s;
  for (const RoleRule& r : role_matrix()) {
    if (r.operation != op.name) continue;
    std::string roles;
    for (const auto& x : r.roles) roles += (roles.empty() ? "" : ", ") + x;
    s += (s.empty() ? "" : "; ") + std::string("at a ") + place_name(r.place) + ": " + (roles.empty() ? "nobody" : roles);
  }
  return "roles ([matrix](domain.md#roles)): " + (s.empty() ? std::string("any") : s);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: gen_api_doc INTRO.md APPENDIX.md > api.md\n";
    return 2;
  }
  try {
    std::ostream& out = std::cout;
    out << slurp(argv[1]);
    std::string section;
    for (const OpDecl& op : operations()) {
      if (op.section != section) {
        section = op.section;
        out << "## " << section << "\n\n";
      }
      out << "### `" << op.name << "`\n" << op.summary << " *"
          << (op.mode == OpMode::Write ? "Writes" : op.mode == OpMode::Read ? "Reads" : "Engine") << "; " << who(op)
          << ".*\n\n";
      field_table(out, op.fields);
      if (!op.doc.empty()) out << op.doc << "\n\n";
    }
    out << "## Engine configuration (`od_open`)\n\nAn unknown key is `CONFIG` naming it.\n\n";
    field_table(out, config_fields());
    out << "## District file\n\nAn unknown key is `CONFIG` naming it (`district.towns[0].nmae`).\n\n";
    field_table(out, district_fields());
    out << "Each year of `calendar` (and of a file in `calendar_dir`):\n\n";
    field_table(out, calendar_year_fields());
    out << "Each plugin of `plugins`:\n\n";
    field_table(out, plugin_spec_fields());
    out << slurp(argv[2]);
  } catch (const std::exception& e) {
    std::cerr << "gen_api_doc: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
