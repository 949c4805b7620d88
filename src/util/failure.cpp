#include "util/failure.h"

namespace od {

const char* status_name(int32_t status) {
  switch (status) {
    case OD_OK: return "OK";
    case OD_ERR_INVALID: return "INVALID";
    case OD_ERR_NOT_FOUND: return "NOT_FOUND";
    case OD_ERR_FORBIDDEN: return "FORBIDDEN";
    case OD_ERR_CONFLICT: return "CONFLICT";
    case OD_ERR_ARCHIVED: return "ARCHIVED";
    case OD_ERR_TOO_LARGE: return "TOO_LARGE";
    case OD_ERR_CONFIG: return "CONFIG";
    case OD_ERR_STORAGE: return "STORAGE";
    case OD_ERR_NOMEM: return "NOMEM";
    case OD_ERR_MISUSE: return "MISUSE";
    case OD_ERR_UNKNOWN_OP: return "UNKNOWN_OP";
    case OD_ERR_INTERNAL: return "INTERNAL";
    default: return "UNKNOWN";
  }
}

}  // namespace od
