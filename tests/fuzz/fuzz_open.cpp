// Fuzzes od_open: the engine configuration and the district file. The input is the
// configuration, then a line "--district--", then the district file's text; "@DB@" and
// "@DISTRICT@" in the configuration become a fresh database path and that file. Every
// refusal must be a valid UTF-8 error document with a documented status (CONFIG, mostly).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "check.hpp"
#include "onedoor/onedoor.h"

namespace {

std::string dir;

void replace_all(std::string& s, std::string_view from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // tmpfs when there is one: every open of a new database syncs its first transaction
  std::string base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
  std::string tmpl = base + "/od-fuzz-open-XXXXXX";
  if (!mkdtemp(tmpl.data())) std::abort();
  dir = tmpl;
  // relative paths a mutated configuration names land here, not in the tree
  if (chdir(dir.c_str()) != 0) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSplit = "\n--district--\n";
  size_t at = in.find(kSplit);
  std::string config(in.substr(0, at));
  std::string district = at == std::string_view::npos ? std::string() : std::string(in.substr(at + kSplit.size()));
  std::string db = dir + "/o.db", file = dir + "/district.json";
  {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << district;
  }
  replace_all(config, "@DB@", db);
  replace_all(config, "@DISTRICT@", file);
  if (config.find('\0') != std::string::npos) config.resize(config.find('\0'));
  od_engine* e = nullptr;
  char* err = nullptr;
  int32_t rc = od_open(config.c_str(), &e, &err);
  if (rc == OD_OK) {
    if (!e || err) fuzzcheck::violated("od_open returned OK without an engine or with an error", err ? err : "");
    char* resp = nullptr;
    int32_t st = od_call(e, "engine.status", "{}", &resp);
    fuzzcheck::check_response(st, resp);
    od_free(resp);
    od_close(e);
  } else {
    if (e) fuzzcheck::violated("od_open failed but returned an engine", err ? err : "");
    fuzzcheck::check_response(rc, err);
  }
  od_free(err);
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::remove((db + suffix).c_str());
  return 0;
}
