// An in-process stand-in for libcurl's easy interface, for the fuzz targets: linked into
// the executable (and exported to the plugins it dlopens), its curl_easy_* definitions
// take the place of the shared libcurl's, so no socket is opened and the department's
// answer is whatever the fuzzer made up (curl_easy_header() reads it too). slist, strerror,
// getdate and the URL API (curl_url) stay libcurl's own.
#pragma once
#include <string>
#include <vector>

namespace fakecurl {

struct Response {
  int code = 0;      // a CURLcode: 0 = the transfer worked
  long status = 200; // the HTTP status when it did
  std::vector<std::string> headers;  // "Name: value", without CRLF
  std::string body;
};

// What the next transfers answer (on every thread), and the last request's body.
void set_response(Response r);
std::string last_request_body();
int transfers();

}  // namespace fakecurl
