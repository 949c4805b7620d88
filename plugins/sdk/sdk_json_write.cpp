// sdk_json_write.cpp - the JSON writer: escapes everything, refuses invalid UTF-8,
// non-finite numbers and misuse (the first error wins and is reported by finish).
#include "sdk_internal.h"

#include <cmath>
#include <new>

namespace od_sdk_impl {

bool normalise_numbers(json::value &v) {
    if (v.is_double()) {
        double d = v.get_double();
        if (!std::isfinite(d)) return false;
        if (std::trunc(d) == d && std::fabs(d) < 9007199254740992.0) v = static_cast<int64_t>(d);
    } else if (v.is_array()) {
        for (auto &e : v.get_array())
            if (!normalise_numbers(e)) return false;
    } else if (v.is_object()) {
        for (auto &kv : v.get_object())
            if (!normalise_numbers(kv.value())) return false;
    }
    return true;
}

}  // namespace od_sdk_impl

using namespace od_sdk_impl;

extern "C" {

od_sdk_writer *od_sdk_writer_new(void) { return new (std::nothrow) od_sdk_writer(); }
void od_sdk_writer_free(od_sdk_writer *w) { delete w; }

#define OD_W_GUARD(w)                              \
    if (!(w)) return;                              \
    try {
#define OD_W_END(w)                                \
    }                                              \
    catch (const std::exception &e) { (w)->fail(e.what()); }

void od_sdk_w_begin_object(od_sdk_writer *w, const char *key) {
    OD_W_GUARD(w)
    if (json::value *v = w->add(key, json::object())) w->stack.push_back(v);
    OD_W_END(w)
}
void od_sdk_w_end_object(od_sdk_writer *w) {
    OD_W_GUARD(w) w->end(true); OD_W_END(w)
}
void od_sdk_w_begin_array(od_sdk_writer *w, const char *key) {
    OD_W_GUARD(w)
    if (json::value *v = w->add(key, json::array())) w->stack.push_back(v);
    OD_W_END(w)
}
void od_sdk_w_end_array(od_sdk_writer *w) {
    OD_W_GUARD(w) w->end(false); OD_W_END(w)
}
void od_sdk_w_string(od_sdk_writer *w, const char *key, const char *value) {
    OD_W_GUARD(w)
    if (!value) {
        w->add(key, nullptr);
    } else if (!utf8_valid(value)) {
        w->fail(std::string("value of \"") + (key ? sanitize(key, 64) : "") + "\" is not valid UTF-8");
    } else {
        w->add(key, json::string(value));
    }
    OD_W_END(w)
}
void od_sdk_w_int(od_sdk_writer *w, const char *key, int64_t value) {
    OD_W_GUARD(w) w->add(key, value); OD_W_END(w)
}
void od_sdk_w_number(od_sdk_writer *w, const char *key, double value) {
    OD_W_GUARD(w)
    if (!std::isfinite(value)) {
        w->fail("non-finite number");
    } else {
        json::value v = value;
        normalise_numbers(v);
        w->add(key, std::move(v));
    }
    OD_W_END(w)
}
void od_sdk_w_bool(od_sdk_writer *w, const char *key, int value) {
    OD_W_GUARD(w) w->add(key, value != 0); OD_W_END(w)
}
void od_sdk_w_null(od_sdk_writer *w, const char *key) {
    OD_W_GUARD(w) w->add(key, nullptr); OD_W_END(w)
}
void od_sdk_w_copy(od_sdk_writer *w, const char *key, const od_sdk_json *doc, const char *pointer) {
    OD_W_GUARD(w)
    const json::value *v = doc ? find(doc->root, pointer) : nullptr;
    json::value copy = v ? *v : json::value(nullptr);
    if (!normalise_numbers(copy))
        w->fail(std::string("value of \"") + (key ? sanitize(key, 64) : "") + "\" holds a number out of range");
    else
        w->add(key, std::move(copy));
    OD_W_END(w)
}

const char *od_sdk_writer_finish(od_sdk_writer *w, char *err, size_t err_len) {
    if (!w) {
        copy_err(err, err_len, "no writer");
        return nullptr;
    }
    if (w->error.empty() && (!w->has_root || !w->stack.empty()))
        w->fail(w->has_root ? "unclosed object or array" : "nothing written");
    if (!w->error.empty()) {
        copy_err(err, err_len, w->error);
        return nullptr;
    }
    try {
        w->out = json::serialize(w->root);
    } catch (const std::exception &e) {
        copy_err(err, err_len, e.what());
        return nullptr;
    }
    return w->out.c_str();
}

}  // extern "C"
