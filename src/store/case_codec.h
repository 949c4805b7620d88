// How a case is kept on disk: a JSON document with a format version. The codec is the
// store's own, apart from the API's response view (domain/case_json.h), so that the
// response can change without changing what is on disk, and old documents stay readable.
#pragma once
#include <string>
#include <string_view>

#include "domain/case.h"

namespace od {

constexpr int kCaseFormat = 1;

std::string encode_case(const Case& c);
// Throws Failure(OD_ERR_STORAGE) when the document is damaged or of a newer format.
Case decode_case(std::string_view doc);

}  // namespace od
