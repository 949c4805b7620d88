// sdk_text.cpp - text the SDK writes into reasons, logs and fixed buffers: UTF-8 judged
// exactly as the engine judges it (src/util/utf8.cpp is compiled into the SDK), made
// printable, cut at character boundaries; printf-style formatting.
#include "sdk_internal.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "util/utf8.h"

namespace od_sdk_impl {

bool utf8_valid(std::string_view s) { return od::valid_utf8(s); }

std::string sanitize(std::string_view s, size_t max_bytes) {
    std::string out;
    auto *p = reinterpret_cast<const unsigned char *>(s.data());
    for (size_t i = 0; i < s.size() && out.size() < max_bytes;) {
        size_t l = od::utf8_sequence_length(s, i);
        if (l == 0 || (l == 1 && (p[i] < 0x20 || p[i] == 0x7F))) {
            out += (l == 1 && (p[i] == '\n' || p[i] == '\r' || p[i] == '\t')) ? ' ' : '?';
            i += l ? l : 1;
            continue;
        }
        if (out.size() + l > max_bytes) break;
        out.append(s.substr(i, l));
        i += l;
    }
    return out;
}

void copy_utf8(char *dst, size_t cap, std::string_view src) {
    if (!dst || cap == 0) return;
    size_t n = std::min(src.size(), cap - 1);
    // step back over continuation bytes so we don't split a character
    if (n < src.size()) {
        while (n > 0 && (static_cast<unsigned char>(src[n]) & 0xC0) == 0x80) --n;
    }
    std::memcpy(dst, src.data(), n);
    dst[n] = '\0';
}

void copy_err(char *buf, size_t len, std::string_view msg) { copy_utf8(buf, len, msg); }

std::string vformat(const char *fmt, va_list ap) {
    if (!fmt) return {};
    va_list ap2;
    va_copy(ap2, ap);
    int n = std::vsnprintf(nullptr, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0) return {};
    std::string s(static_cast<size_t>(n) + 1, '\0');
    std::vsnprintf(s.data(), s.size(), fmt, ap);
    s.resize(static_cast<size_t>(n));
    return s;
}

bool ieq(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

}  // namespace od_sdk_impl

extern "C" void od_sdk_free(void *p) { std::free(p); }
