// SDK unit tests: JSON reading/writing, signing, ABI struct handling, config checks.
#include <catch2/catch.hpp>

#include <onedoor/od_plugin_sdk.h>
#include "plugin_harness.hpp"

#include <cstddef>
#include <cstring>
#include <string>

using namespace odtest;

namespace {
struct Doc {
    od_sdk_json *d;
    explicit Doc(const std::string &s) : d(od_sdk_json_parse(s.data(), s.size(), nullptr, 0)) {}
    ~Doc() { od_sdk_json_free(d); }
};
struct Writer {
    od_sdk_writer *w = od_sdk_writer_new();
    ~Writer() { od_sdk_writer_free(w); }
    std::string finish() {
        char err[256] = {0};
        const char *s = od_sdk_writer_finish(w, err, sizeof err);
        return s ? std::string(s) : std::string("ERROR: ") + err;
    }
};
}  // namespace

TEST_CASE("sdk: JSON pointer look-ups into a job body", "[sdk]") {
    Doc b(sample_body("job-000000001"));
    REQUIRE(b.d != nullptr);
    CHECK(std::string(od_sdk_json_string(b.d, "/case/applicant/name")) == "王建国");
    CHECK(std::string(od_sdk_json_string(b.d, "/case/household/1/relation")) == "child");
    CHECK(od_sdk_json_string(b.d, "/case/household/9/name") == nullptr);
    CHECK(od_sdk_json_string(b.d, "/case/household") == nullptr);  // not a string
    CHECK(od_sdk_json_string(b.d, "/nope") == nullptr);
    CHECK(std::string(od_sdk_json_string_or(b.d, "/nope", "x")) == "x");
    CHECK(od_sdk_json_size(b.d, "/case/household") == 3);
    CHECK(od_sdk_json_exists(b.d, "/notice"));
    CHECK_FALSE(od_sdk_json_exists(b.d, "/report"));

    Doc n(R"({"a/b":{"m~n":7.0},"x":800.5,"t":true,"big":1e300})");
    int64_t i = 0;
    double d = 0;
    int t = 0;
    CHECK(od_sdk_json_int(n.d, "/a~1b/m~0n", &i));
    CHECK(i == 7);
    CHECK(od_sdk_json_number(n.d, "/x", &d));
    CHECK(d == 800.5);
    CHECK_FALSE(od_sdk_json_int(n.d, "/x", &i));    // has a fraction
    CHECK_FALSE(od_sdk_json_int(n.d, "/big", &i));  // out of range
    CHECK(od_sdk_json_bool(n.d, "/t", &t));
    CHECK(t == 1);
    char *dump = od_sdk_json_dump(n.d, "/a~1b");
    CHECK(std::string(dump) == R"({"m~n":7})");
    od_sdk_free(dump);

    // numbers out of double range parse to infinity, which JSON cannot say: refused
    Doc inf(R"({"a":{"amount":1e400},"b":-1e999,"ok":[1.5]})");
    CHECK(od_sdk_json_dump(inf.d, "/a") == nullptr);
    CHECK(od_sdk_json_dump(inf.d, "") == nullptr);
    dump = od_sdk_json_dump(inf.d, "/ok");
    CHECK(std::string(dump) == "[1.5E0]");
    od_sdk_free(dump);
    for (const char *ptr : {"/a", "/b"}) {
        Writer w;
        od_sdk_w_begin_object(w.w, nullptr);
        od_sdk_w_copy(w.w, "x", inf.d, ptr);
        od_sdk_w_end_object(w.w);
        std::string out = w.finish();
        CHECK(out.rfind("ERROR: ", 0) == 0);
        CHECK(out.find("out of range") != std::string::npos);
        CHECK(out.find("Infinity") == std::string::npos);
    }

    char err[128] = {0};
    CHECK(od_sdk_json_parse("{\"a\":", 5, err, sizeof err) == nullptr);
    CHECK(std::string(err).find("invalid JSON") == 0);
    CHECK(od_sdk_json_parse("\"\xff\"", 3, nullptr, 0) == nullptr);  // invalid UTF-8 refused
}

TEST_CASE("sdk: the writer escapes and checks its input", "[sdk]") {
    SECTION("escaping and nesting") {
        Writer w;
        od_sdk_w_begin_object(w.w, nullptr);
        od_sdk_w_string(w.w, "s", "quote \" backslash \\ newline \n tab \t ctl \x01 汉字");
        od_sdk_w_string(w.w, "null", nullptr);
        od_sdk_w_int(w.w, "i", -42);
        od_sdk_w_number(w.w, "amount", 800.0);
        od_sdk_w_number(w.w, "frac", 0.5);
        od_sdk_w_bool(w.w, "b", 0);
        od_sdk_w_begin_array(w.w, "arr");
        od_sdk_w_int(w.w, nullptr, 1);
        od_sdk_w_begin_object(w.w, nullptr);
        od_sdk_w_end_object(w.w);
        od_sdk_w_end_array(w.w);
        od_sdk_w_end_object(w.w);
        std::string out = w.finish();
        CHECK(out == "{\"s\":\"quote \\\" backslash \\\\ newline \\n tab \\t ctl \\u0001 汉字\","
                     "\"null\":null,\"i\":-42,\"amount\":800,\"frac\":5E-1,\"b\":false,\"arr\":[1,{}]}");
        Doc back(out);
        REQUIRE(back.d);
        CHECK(std::string(od_sdk_json_string(back.d, "/s")).find("\" backslash \\ newline \n") != std::string::npos);
    }
    SECTION("copy of a subtree, null when absent") {
        Doc b(R"({"feedback":{"amount":800.0,"who":["a"]}})");
        Writer w;
        od_sdk_w_begin_object(w.w, nullptr);
        od_sdk_w_copy(w.w, "f", b.d, "/feedback");
        od_sdk_w_copy(w.w, "g", b.d, "/missing");
        od_sdk_w_end_object(w.w);
        CHECK(w.finish() == R"({"f":{"amount":800,"who":["a"]},"g":null})");
    }
    SECTION("misuse is reported, never silently serialised") {
        Writer a;
        od_sdk_w_begin_object(a.w, nullptr);
        od_sdk_w_string(a.w, nullptr, "no key");
        CHECK(a.finish().find("ERROR: missing key") == 0);

        Writer b;
        od_sdk_w_begin_object(b.w, nullptr);
        CHECK(b.finish().find("ERROR: unclosed") == 0);

        Writer c;
        od_sdk_w_begin_object(c.w, nullptr);
        od_sdk_w_string(c.w, "bad", "\xc3\x28");
        od_sdk_w_end_object(c.w);
        CHECK(c.finish().find("not valid UTF-8") != std::string::npos);

        Writer d;
        od_sdk_w_begin_object(d.w, nullptr);
        od_sdk_w_int(d.w, "k", 1);
        od_sdk_w_int(d.w, "k", 2);
        od_sdk_w_end_object(d.w);
        CHECK(d.finish().find("duplicate key") != std::string::npos);

        Writer e;
        od_sdk_w_begin_array(e.w, nullptr);
        od_sdk_w_end_object(e.w);
        CHECK(e.finish().find("ERROR: end_object") == 0);

        Writer f;
        CHECK(f.finish() == "ERROR: nothing written");
    }
}

TEST_CASE("sdk: Standard Webhooks signature matches an independent computation", "[sdk]") {
    // Expected value computed with `openssl dgst -sha256 -mac HMAC` over
    // "msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}".
    const char *body = "{\"test\": 2432232314}";
    char sig[64];
    REQUIRE(od_sdk_webhook_sign(kSecret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body,
                                std::strlen(body), sig, sizeof sig) == 0);
    CHECK(std::string(sig) == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    // a different timestamp or body gives a different signature
    char sig2[64];
    REQUIRE(od_sdk_webhook_sign(kSecret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, body,
                                std::strlen(body), sig2, sizeof sig2) == 0);
    CHECK(std::string(sig2) != std::string(sig));
    CHECK(od_sdk_webhook_sign("whsec_not*base64", "id", 1, "", 0, sig, sizeof sig) == -1);
    CHECK(od_sdk_webhook_sign(kSecret, "id", 1, "", 0, sig, 10) == -1);  // buffer too small
}

TEST_CASE("sdk: results honour the host's struct_size", "[sdk][abi]") {
    SECTION("full struct, text cut at a UTF-8 boundary") {
        od_delivery_result r;
        std::memset(&r, 0, sizeof r);
        r.struct_size = sizeof r;
        std::string long_ref(126, 'a');
        long_ref += "汉";  // 3 bytes that do not fit in the last 1 byte
        od_sdk_result_delivered(&r, long_ref.c_str());
        CHECK(r.outcome == OD_DELIVERY_DELIVERED);
        CHECK(std::string(r.reference) == std::string(126, 'a'));
        od_sdk_result_retry(&r, 1500, "later %d", 7);
        CHECK(r.outcome == OD_DELIVERY_RETRY);
        CHECK(r.retry_after_ms == 1500);
        CHECK(std::string(r.reason) == "later 7");
        CHECK(std::string(r.reference).empty());
    }
    SECTION("an older, smaller result struct is not written past its end") {
        od_delivery_result r;
        std::memset(&r, 0xAB, sizeof r);
        r.struct_size = offsetof(od_delivery_result, reference);
        od_sdk_result_reject(&r, "no");
        CHECK(r.outcome == OD_DELIVERY_REJECTED);
        CHECK(r.retry_after_ms == 0);
        for (size_t i = 0; i < sizeof r.reference; ++i) REQUIRE(static_cast<unsigned char>(r.reference[i]) == 0xAB);
        for (size_t i = 0; i < sizeof r.reason; ++i) REQUIRE(static_cast<unsigned char>(r.reason[i]) == 0xAB);
    }
    SECTION("a struct_size that ends inside a pointer reads no part of it") {
        od_delivery_job j;
        std::memset(&j, 0xCD, sizeof j);
        j.struct_size = offsetof(od_delivery_job, job_id) + 4;  // half of job_id
        j.job_id = "job-1";
        od_delivery_job out;
        od_sdk_job_read(&j, &out);
        CHECK(std::string(out.job_id).empty());
        CHECK(std::string(out.body_json).empty());
    }
    SECTION("a smaller job struct reads as zero past its end") {
        od_delivery_job j;
        std::memset(&j, 0xCD, sizeof j);
        j.struct_size = offsetof(od_delivery_job, attempt);
        j.job_id = "job-1";
        j.kind = nullptr;
        j.case_id = "c";
        j.item_id = "";
        j.unit = "u";
        j.body_json = "{}";
        od_delivery_job out;
        od_sdk_job_read(&j, &out);
        CHECK(out.struct_size == sizeof out);
        CHECK(std::string(out.job_id) == "job-1");
        CHECK(std::string(out.kind).empty());
        CHECK(out.attempt == 0);
        CHECK(out.created_at_ms == 0);
    }
}

TEST_CASE("sdk: client configuration is checked", "[sdk]") {
    REQUIRE(od_sdk_module_init() == 0);
    auto err_for = [](const std::string &cfg) {
        FakeHost h(cfg, "dept.test");
        char err[512] = {0};
        od_sdk_client *c = od_sdk_client_create(h.host(), err, sizeof err);
        od_sdk_client_destroy(c);
        return c ? std::string() : std::string(err);
    };
    const std::string s = std::string(",\"secret\":\"") + kSecret + "\"";
    CHECK(err_for("{\"url\":\"http://127.0.0.1:1/x\"" + s + "}").empty());
    CHECK(err_for("not json").find("plugin config: invalid JSON") == 0);
    CHECK(err_for("[]").find("not a JSON object") != std::string::npos);
    CHECK(err_for("{\"secret\":\"whsec_AAAA\"}").find("\"url\" is required") != std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x\"}").find("\"secret\" (or \"secret_env\" or \"secret_file\") is required") !=
          std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x\"" + s + ",\"secret_env\":\"X\"}").find("give one of") != std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x\",\"secret_env\":\"OD_TEST_UNSET_VARIABLE\"}").find("is not set") !=
          std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x\",\"secret_file\":\"/nonexistent/secret\"}").find("cannot read") !=
          std::string::npos);
    CHECK(err_for("{\"url\":\"ftp://h/x\"" + s + "}").find("http:// or https://") != std::string::npos);
    CHECK(err_for("{\"url\":\"http://\"" + s + "}").find("http:// or https://") != std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x y\"" + s + "}").find("http:// or https://") != std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x\",\"secret\":\"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}").find("whsec_") !=
          std::string::npos);  // no prefix
    CHECK(err_for("{\"url\":\"http://h/x\",\"secret\":\"whsec_QU=B\"}").find("whsec_") != std::string::npos);
    CHECK(err_for("{\"url\":\"file:///etc/passwd\"" + s + "}").find("http:// or https://") != std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x\",\"secret\":\"whsec_***\"}").find("base64") != std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x\"" + s + ",\"timeout_ms\":0}").find("timeout_ms") != std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x\"" + s + ",\"timeout_ms\":\"5\"}").find("timeout_ms") != std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x\"" + s + ",\"headers\":{\"X-A\":\"a\\r\\nX-Evil: 1\"}}")
              .find("line break") != std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x\"" + s + ",\"headers\":{\"webhook-id\":\"forged\"}}")
              .find("reserved") != std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x\"" + s + ",\"headers\":{\"X-A\":1}}").find("string value") !=
          std::string::npos);
    CHECK(err_for("{\"url\":\"http://h/x\"" + s + ",\"poll_url\":\"gopher://h\"}").find("poll_url") !=
          std::string::npos);
    // URLs are read as libcurl will send them (curl_url()): a missing host, a bad port, a
    // relative URL or a control character is refused, naming the field and why
    auto url_err = [&](const std::string &key, const std::string &url) {
        std::string cfg = key == "url" ? "{\"url\":\"" + url + "\"" + s + "}"
                                       : "{\"url\":\"http://h/x\"" + s + ",\"" + key + "\":\"" + url + "\"}";
        return err_for(cfg);
    };
    for (const char *bad : {"http://:80/x", "http://h:99999/x", "http://h:8o/x", "/relative/x", "h/x", "http://h/x\\t",
                            "https://h/\\u0001"}) {
        INFO(bad);
        std::string e = url_err("url", bad);
        CHECK(e.find("plugin config: \"url\" must be an http:// or https:// URL with a host (") == 0);
        CHECK(e.back() == ')');
        CHECK(url_err("poll_url", bad).find("\"poll_url\" must be an http:// or https:// URL") != std::string::npos);
    }
    CHECK(url_err("url", "ftp://h/x").find("(the scheme is neither http nor https)") != std::string::npos);
    CHECK(url_err("url", "https://dept.example:8443/in?x=1#f").empty());
    CHECK(url_err("url", "http://[::1]:8080/x").empty());
    CHECK(url_err("poll_url", "https://dept.example/results").empty());
    od_sdk_module_deinit();
}
