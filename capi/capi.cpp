// The extern "C" shell: handles, status codes, the exception firewall. No business
// logic lives here: every operation is Engine::call.
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "engine/engine.h"
#include "onedoor/onedoor.h"
#include "util/failure.h"

struct od_engine {
  std::unique_ptr<od::Engine> engine;
};

namespace {

// Copies into malloc'd memory so that od_free is plain free() whatever the caller's
// C++ runtime.
char* dup_string(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (!p) return nullptr;
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

void set_out(char** out, const std::string& s) {
  if (out) *out = dup_string(s);
}

}  // namespace

extern "C" {

OD_API const char* od_version(void) { return OD_VERSION_STRING; }

OD_API int32_t od_version_number(void) { return OD_VERSION_NUMBER; }

OD_API const char* od_status_name(int32_t status) { return od::status_name(status); }

OD_API int32_t od_open(const char* config_json, od_engine** out_engine, char** out_error) {
  if (out_error) *out_error = nullptr;
  if (!out_engine) {
    set_out(out_error, od::error_document(OD_ERR_MISUSE, "out_engine must not be NULL", "out_engine"));
    return OD_ERR_MISUSE;
  }
  *out_engine = nullptr;
  if (!config_json) {
    set_out(out_error, od::error_document(OD_ERR_MISUSE, "config_json must not be NULL", "config_json"));
    return OD_ERR_MISUSE;
  }
  try {
    auto* h = new od_engine{od::Engine::open(config_json)};
    *out_engine = h;
    return OD_OK;
  } catch (const od::Failure& f) {
    set_out(out_error, od::error_document(f.status(), f.what(), f.field()));
    return f.status();
  } catch (const std::bad_alloc&) {
    set_out(out_error, od::error_document(OD_ERR_NOMEM, "out of memory", ""));
    return OD_ERR_NOMEM;
  } catch (const std::exception& e) {
    set_out(out_error, od::error_document(OD_ERR_INTERNAL, e.what(), ""));
    return OD_ERR_INTERNAL;
  } catch (...) {
    set_out(out_error, od::error_document(OD_ERR_INTERNAL, "unknown error", ""));
    return OD_ERR_INTERNAL;
  }
}

OD_API void od_close(od_engine* engine) {
  if (!engine) return;
  try {
    delete engine;
  } catch (...) {
    // a destructor must not let anything out; the process stays alive
  }
}

OD_API int32_t od_call(od_engine* engine, const char* operation, const char* request_json, char** out_response) {
  if (out_response) *out_response = nullptr;
  if (!engine || !engine->engine) {
    set_out(out_response, od::error_document(OD_ERR_MISUSE, "engine must not be NULL", "engine"));
    return OD_ERR_MISUSE;
  }
  if (!operation) {
    set_out(out_response, od::error_document(OD_ERR_MISUSE, "operation must not be NULL", "operation"));
    return OD_ERR_MISUSE;
  }
  try {
    auto [status, response] = engine->engine->call(operation, request_json ? request_json : "{}");
    if (out_response) {
      *out_response = dup_string(response);
      if (!*out_response) return OD_ERR_NOMEM;
    }
    return status;
  } catch (...) {
    set_out(out_response, od::error_document(OD_ERR_INTERNAL, "unexpected error", ""));
    return OD_ERR_INTERNAL;
  }
}

OD_API void od_free(void* ptr) { std::free(ptr); }

}  // extern "C"
