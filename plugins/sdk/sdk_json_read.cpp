// sdk_json_read.cpp - read-only JSON documents with JSON-pointer look-ups.
#include "sdk_internal.h"

#include <cstdlib>
#include <cstring>

namespace od_sdk_impl {

const json::value *find(const json::value &root, const char *pointer) {
    if (!pointer) return nullptr;
    boost::system::error_code ec;
    const json::value *v = root.find_pointer(pointer, ec);
    return ec ? nullptr : v;
}

}  // namespace od_sdk_impl

using namespace od_sdk_impl;

extern "C" {

od_sdk_json *od_sdk_json_parse(const char *text, size_t len, char *err, size_t err_len) {
    if (!text) {
        copy_err(err, err_len, "no text");
        return nullptr;
    }
    try {
        boost::system::error_code ec;
        json::value v = json::parse(json::string_view(text, len), ec);
        if (ec) {
            copy_err(err, err_len, "invalid JSON: " + ec.message());
            return nullptr;
        }
        return new od_sdk_json{std::move(v)};
    } catch (const std::exception &e) {
        copy_err(err, err_len, e.what());
        return nullptr;
    }
}

void od_sdk_json_free(od_sdk_json *doc) { delete doc; }

int od_sdk_json_exists(const od_sdk_json *doc, const char *pointer) {
    return doc && find(doc->root, pointer) ? 1 : 0;
}

const char *od_sdk_json_string(const od_sdk_json *doc, const char *pointer) {
    if (!doc) return nullptr;
    const json::value *v = find(doc->root, pointer);
    return v && v->is_string() ? v->get_string().c_str() : nullptr;
}

const char *od_sdk_json_string_or(const od_sdk_json *doc, const char *pointer, const char *fallback) {
    const char *s = od_sdk_json_string(doc, pointer);
    return s ? s : fallback;
}

int od_sdk_json_number(const od_sdk_json *doc, const char *pointer, double *out) {
    if (!doc) return 0;
    const json::value *v = find(doc->root, pointer);
    if (!v || !v->is_number()) return 0;
    if (out) *out = v->to_number<double>();
    return 1;
}

int od_sdk_json_int(const od_sdk_json *doc, const char *pointer, int64_t *out) {
    if (!doc) return 0;
    const json::value *v = find(doc->root, pointer);
    if (!v || !v->is_number()) return 0;
    boost::system::error_code ec;
    int64_t i = v->to_number<int64_t>(ec);
    if (ec) return 0;
    if (out) *out = i;
    return 1;
}

int od_sdk_json_bool(const od_sdk_json *doc, const char *pointer, int *out) {
    if (!doc) return 0;
    const json::value *v = find(doc->root, pointer);
    if (!v || !v->is_bool()) return 0;
    if (out) *out = v->get_bool() ? 1 : 0;
    return 1;
}

size_t od_sdk_json_size(const od_sdk_json *doc, const char *pointer) {
    if (!doc) return 0;
    const json::value *v = find(doc->root, pointer);
    if (!v) return 0;
    if (v->is_array()) return v->get_array().size();
    if (v->is_object()) return v->get_object().size();
    return 0;
}

char *od_sdk_json_dump(const od_sdk_json *doc, const char *pointer) {
    if (!doc) return nullptr;
    const json::value *v = find(doc->root, pointer);
    if (!v) return nullptr;
    json::value copy = *v;
    if (!normalise_numbers(copy)) return nullptr;  // a number out of range: no valid JSON
    std::string s = json::serialize(copy);
    char *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (!out) return nullptr;
    std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

}  // extern "C"
