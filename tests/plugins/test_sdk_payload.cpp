// The SDK's department-payload helpers (od_sdk_payload.c), which C and C++ plugins share.
#include <catch2/catch.hpp>

#include <onedoor/od_plugin_sdk.h>

#include <cstring>
#include <string>

namespace {
std::string write(const char *body_json, void (*fill)(od_sdk_writer *, const od_sdk_json *, const od_delivery_job *)) {
    od_sdk_json *b = od_sdk_json_parse(body_json, std::strlen(body_json), nullptr, 0);
    REQUIRE(b != nullptr);
    od_delivery_job job{};
    job.struct_size = sizeof job;
    job.job_id = "job-000000007";
    job.kind = "notice";
    job.item_id = "C371502-2026-000001-1";
    od_sdk_writer *w = od_sdk_writer_new();
    od_sdk_w_begin_object(w, nullptr);
    fill(w, b, &job);
    od_sdk_w_end_object(w);
    char err[256] = {0};
    const char *s = od_sdk_writer_finish(w, err, sizeof err);
    std::string out = s ? s : std::string("ERROR: ") + err;
    od_sdk_writer_free(w);
    od_sdk_json_free(b);
    return out;
}
}  // namespace

TEST_CASE("sdk payload: the envelope takes the body's fields and falls back to the job's", "[sdk]") {
    CHECK(write(R"({"kind":"major_report","district":"371502","at":"2026-03-02T09:00:00+08:00","case":{"id":"C1"},"item":{"id":"C1-2"}})",
                [](od_sdk_writer *w, const od_sdk_json *b, const od_delivery_job *j) { od_sdk_w_envelope(w, b, j, "civil"); }) ==
          R"({"source":"onedoor","department":"civil","job_id":"job-000000007","kind":"major_report","district":"371502",)"
          R"("at":"2026-03-02T09:00:00+08:00","case_id":"C1","item_id":"C1-2"})");
    CHECK(write(R"({"case":{"id":"C1"}})",
                [](od_sdk_writer *w, const od_sdk_json *b, const od_delivery_job *j) { od_sdk_w_envelope(w, b, j, "x"); }) ==
          R"({"source":"onedoor","department":"x","job_id":"job-000000007","kind":"notice","district":null,"at":null,)"
          R"("case_id":"C1","item_id":"C371502-2026-000001-1"})");
}

TEST_CASE("sdk payload: blocks are copied only when present, kind blocks in a fixed order", "[sdk]") {
    CHECK(write(R"({"grant":{"amount":800.0},"report":{"to":"gov"},"notice":{"n":1}})",
                [](od_sdk_writer *w, const od_sdk_json *b, const od_delivery_job *) { od_sdk_w_kind_blocks(w, b); }) ==
          R"({"report":{"to":"gov"},"grant":{"amount":800}})");
    CHECK(write(R"({"case":{}})", [](od_sdk_writer *w, const od_sdk_json *b, const od_delivery_job *) {
              od_sdk_w_copy_if(w, "household", b, "/case/household");
              od_sdk_w_copy_if(w, "case", b, "/case");
          }) == R"({"case":{}})");
}

TEST_CASE("sdk payload: a required string rejects with the pointer named", "[sdk]") {
    od_sdk_json *b = od_sdk_json_parse(R"({"case":{"id":"C1","n":3}})", 26, nullptr, 0);
    REQUIRE(b != nullptr);
    char reason[128] = {0};
    CHECK(od_sdk_require_string(b, "/case/id", reason, sizeof reason) == 0);
    CHECK(reason[0] == '\0');
    CHECK(od_sdk_require_string(b, "/case/n", reason, sizeof reason) == 1);
    CHECK(std::string(reason) == "job body has no string at /case/n");
    CHECK(od_sdk_require_string(b, "/case/none", nullptr, 0) == 1);
    od_sdk_json_free(b);
}

namespace {
int64_t fixed_now(void *) { return 1772413200000LL; }
const od_host_clock kClock{sizeof(od_host_clock), fixed_now};
const void *extension(void *, const char *id) { return std::strcmp(id, OD_HOST_EXT_CLOCK) == 0 ? &kClock : nullptr; }
}  // namespace

TEST_CASE("sdk host: ABI 1.1 fields are read only when the host's table reaches them", "[sdk]") {
    od_plugin_host host{};
    host.struct_size = sizeof host;
    host.host_name = "onedoor";
    host.host_version = "1.0.0";
    host.get_extension = extension;
    CHECK(std::string(od_sdk_host_name(&host)) == "onedoor");
    CHECK(std::string(od_sdk_host_version(&host)) == "1.0.0");
    auto *clock = static_cast<const od_host_clock *>(od_sdk_host_extension(&host, OD_HOST_EXT_CLOCK));
    REQUIRE(clock != nullptr);
    CHECK(clock->now_ms(nullptr) == 1772413200000LL);
    CHECK(od_sdk_host_extension(&host, "onedoor.no-such/1") == nullptr);
    // a 1.0 host's table ends before host_name: the same bytes are not read
    host.struct_size = offsetof(od_plugin_host, host_name);
    CHECK(od_sdk_host_extension(&host, OD_HOST_EXT_CLOCK) == nullptr);
    CHECK(std::string(od_sdk_host_name(&host)) == "onedoor");
    CHECK(std::string(od_sdk_host_version(&host)) == "");
    CHECK(od_sdk_host_extension(nullptr, OD_HOST_EXT_CLOCK) == nullptr);
}
