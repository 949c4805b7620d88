#include "fake_curl.h"

#include <curl/curl.h>

#include <strings.h>

#include <cstdarg>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace fakecurl {
namespace {
std::mutex mu;
Response response;
std::string last_body;
int count = 0;
}  // namespace

void set_response(Response r) {
  std::lock_guard<std::mutex> g(mu);
  response = std::move(r);
}
std::string last_request_body() {
  std::lock_guard<std::mutex> g(mu);
  return last_body;
}
int transfers() {
  std::lock_guard<std::mutex> g(mu);
  return count;
}

}  // namespace fakecurl

namespace {
struct FakeHandle {
  curl_write_callback write = nullptr;
  void* write_data = nullptr;
  curl_write_callback header = nullptr;
  void* header_data = nullptr;
  char* errbuf = nullptr;
  const char* post = nullptr;
  curl_off_t post_len = -1;
  long status = 0;
  // the last response's headers, for curl_easy_header(); `found` is what it points at
  bool received = false;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string found_name, found_value;
  curl_header found{};
};
}  // namespace

// libcurl's own prototypes put an enum before the "...", as libcurl's C sources do; the
// enums are int-sized, so va_start is well defined here whatever -Wvarargs says.
#pragma clang diagnostic ignored "-Wvarargs"

extern "C" {

CURL* curl_easy_init(void) { return reinterpret_cast<CURL*>(new FakeHandle()); }

void curl_easy_cleanup(CURL* h) { delete reinterpret_cast<FakeHandle*>(h); }

void curl_easy_reset(CURL* h) { *reinterpret_cast<FakeHandle*>(h) = FakeHandle(); }

CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...) {
  auto* h = reinterpret_cast<FakeHandle*>(curl);
  va_list ap;
  va_start(ap, option);
  switch (option) {
    case CURLOPT_WRITEFUNCTION: h->write = va_arg(ap, curl_write_callback); break;
    case CURLOPT_WRITEDATA: h->write_data = va_arg(ap, void*); break;
    case CURLOPT_HEADERFUNCTION: h->header = va_arg(ap, curl_write_callback); break;
    case CURLOPT_HEADERDATA: h->header_data = va_arg(ap, void*); break;
    case CURLOPT_ERRORBUFFER: h->errbuf = va_arg(ap, char*); break;
    case CURLOPT_POSTFIELDS: h->post = va_arg(ap, const char*); break;
    case CURLOPT_POSTFIELDSIZE_LARGE: h->post_len = va_arg(ap, curl_off_t); break;
    default: break;  // the rest only configure a real transfer
  }
  va_end(ap);
  return CURLE_OK;
}

CURLcode curl_easy_perform(CURL* curl) {
  auto* h = reinterpret_cast<FakeHandle*>(curl);
  fakecurl::Response r;
  {
    std::lock_guard<std::mutex> g(fakecurl::mu);
    r = fakecurl::response;
    ++fakecurl::count;
    fakecurl::last_body = h->post ? std::string(h->post, h->post_len < 0 ? std::strlen(h->post)
                                                                         : static_cast<size_t>(h->post_len))
                                  : std::string();
  }
  if (r.code != CURLE_OK) {
    if (h->errbuf) std::snprintf(h->errbuf, CURL_ERROR_SIZE, "fake transfer error %d", r.code);
    return static_cast<CURLcode>(r.code);
  }
  h->status = r.status;
  h->received = true;
  h->headers.clear();
  for (const auto& line : r.headers) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    size_t b = line.find_first_not_of(" \t", colon + 1);
    size_t e = line.find_last_not_of(" \t\r\n");
    h->headers.emplace_back(line.substr(0, colon), b == std::string::npos || e < b ? "" : line.substr(b, e - b + 1));
  }
  // headers arrive one whole line per call (as libcurl promises), the body in two pieces
  auto feed = [](curl_write_callback fn, void* ud, const std::string& s, bool split = false) {
    if (!fn) return true;
    std::string copy = s;  // callbacks take char*, and may keep nothing
    size_t half = split ? copy.size() / 2 : 0;
    if (half && fn(copy.data(), 1, half, ud) != half) return false;
    size_t rest = copy.size() - half;
    return rest == 0 || fn(copy.data() + half, 1, rest, ud) == rest;
  };
  std::string status_line = "HTTP/1.1 " + std::to_string(r.status) + " X\r\n";
  if (!feed(h->header, h->header_data, status_line)) return CURLE_WRITE_ERROR;
  for (const auto& line : r.headers)
    if (!feed(h->header, h->header_data, line + "\r\n")) return CURLE_WRITE_ERROR;
  if (!feed(h->header, h->header_data, "\r\n")) return CURLE_WRITE_ERROR;
  if (!feed(h->write, h->write_data, r.body, true)) return CURLE_WRITE_ERROR;
  return CURLE_OK;
}

CURLcode curl_easy_getinfo(CURL* curl, CURLINFO info, ...) {
  auto* h = reinterpret_cast<FakeHandle*>(curl);
  va_list ap;
  va_start(ap, info);
  CURLcode rc = CURLE_OK;
  if (info == CURLINFO_RESPONSE_CODE) *va_arg(ap, long*) = h->status;
  else rc = CURLE_UNKNOWN_OPTION;
  va_end(ap);
  return rc;
}

// Only the final response's plain headers exist here (one request, no 1xx, no trailers).
CURLHcode curl_easy_header(CURL* curl, const char* name, size_t index, unsigned int origin, int request,
                           struct curl_header** hout) {
  auto* h = reinterpret_cast<FakeHandle*>(curl);
  if (!h->received) return CURLHE_NOHEADERS;
  if (request > 0 || !(origin & CURLH_HEADER)) return CURLHE_MISSING;
  std::vector<size_t> hits;
  for (size_t i = 0; i < h->headers.size(); ++i)
    if (strcasecmp(h->headers[i].first.c_str(), name) == 0) hits.push_back(i);
  if (hits.empty()) return CURLHE_MISSING;
  if (index >= hits.size()) return CURLHE_BADINDEX;
  h->found_name = h->headers[hits[index]].first;
  h->found_value = h->headers[hits[index]].second;
  h->found = curl_header{};
  h->found.name = h->found_name.data();
  h->found.value = h->found_value.data();
  h->found.amount = hits.size();
  h->found.index = index;
  h->found.origin = CURLH_HEADER;
  *hout = &h->found;
  return CURLHE_OK;
}

}  // extern "C"
