#include "store/event_chain.h"

#include <openssl/evp.h>

#include "util/failure.h"

namespace od {
namespace {

void field(std::string& out, std::string_view v) {
  out += std::to_string(v.size());
  out += ':';
  out += v;
}

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr))
    fail(OD_ERR_INTERNAL, "SHA-256 failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

}  // namespace

std::string event_hash(const std::string& prev, const EventRow& e) {
  std::string s;
  field(s, prev);
  field(s, e.case_id);
  field(s, std::to_string(e.seq));
  field(s, e.item_id);
  field(s, e.type);
  field(s, std::to_string(e.at));
  field(s, e.actor_json);
  field(s, e.before);
  field(s, e.after);
  field(s, e.data_json);
  return sha256_hex(s);
}

std::string district_link(const std::string& prev_head, const std::string& case_id, int64_t n,
                          const std::string& event_hash) {
  std::string s;
  field(s, prev_head);
  field(s, case_id);
  field(s, std::to_string(n));
  field(s, event_hash);
  return sha256_hex(s);
}

std::optional<std::string> first_break_in_case(const std::vector<EventRow>& events,
                                               const std::optional<std::string>& seal) {
  std::string prev;
  std::optional<std::string> archived;  // the hash of the `archived` event
  bool chained = false;  // events written before the chain existed carry no hash
  for (size_t i = 0; i < events.size(); ++i) {
    const EventRow& e = events[i];
    std::string where = e.case_id + " event " + std::to_string(e.seq) + " (" + e.type + ")";
    if (e.seq != static_cast<int64_t>(i) + 1) return e.case_id + ": event " + std::to_string(i + 1) + " is missing";
    if (e.hash.empty()) {
      if (chained) return where + ": has no hash after chained events";
      continue;
    }
    chained = true;
    if (event_hash(prev, e) != e.hash) return where + ": its content does not match its hash";
    prev = e.hash;
    if (e.type == "archived") archived = e.hash;
  }
  if (seal && seal != archived)
    return (events.empty() ? std::string("a sealed case") : events[0].case_id) + ": the seal made at archiving does not match its events";
  return std::nullopt;
}

}  // namespace od
