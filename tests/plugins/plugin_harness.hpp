// plugin_harness.hpp - a tiny fake host for plugin tests: dlopen a plugin the way the engine
// does, hand it an od_plugin_host, collect log lines and reports.
#pragma once

#include "onedoor/onedoor_plugin.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace odtest {

inline const char *kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

// Synthetic people (valid GB 11643 check characters).
inline const char *kApplicantId = "371502198504121238";  // born 1985-04-12
inline const char *kSpouseId = "371502198709032343";     // born 1987-09-03
inline const char *kChildId = "371502201206203459";      // born 2012-06-20
inline const char *kElderId = "371502195001014568";      // born 1950-01-01

inline std::string sample_body(const std::string &job_id, const std::string &category = "education") {
    return std::string(R"({"kind":"notice","job_id":")") + job_id + R"(","district":"371502",)"
           R"("at":"2026-03-02T09:30:00+08:00",)"
           R"("case":{"id":"C371502-2026-000001","channel":"in_person","urgency":"normal",)"
           R"("window":"town.gulou","received_at":"2026-03-02T09:00:00+08:00",)"
           R"("applicant":{"name":"王建国","id_number":")" + kApplicantId +
           R"(","phone":"13800000001","hukou_town":"gulou","address":"鼓楼街道示例路1号"},)"
           R"("household":[{"name":"李秀英","id_number":")" + kSpouseId + R"(","relation":"spouse"},)"
           R"({"name":"王小明","id_number":")" + kChildId + R"(","relation":"child"},)"
           R"({"name":"王老汉","id_number":")" + kElderId + R"(","relation":"father"}],)"
           R"("hardship":"因病致贫，孩子上学困难 \"急\""},)"
           R"("item":{"id":"C371502-2026-000001-1","category":")" + category +
           R"(","category_name":"教育救助"},)"
           R"("notice":{"number":"TRF-2026-000007","type":"transfer","sender":"district",)"
           R"("receiver":"dept.education","issued_at":"2026-03-02T09:30:00+08:00",)"
           R"("opinion_due":"2026-03-04T17:00:00+08:00","complete_due":"2026-03-09T17:00:00+08:00"}})";
}

class FakeHost {
public:
    FakeHost(std::string config, std::string unit) : config_(std::move(config)), unit_(std::move(unit)) {
        std::memset(&host_, 0, sizeof host_);
        host_.struct_size = sizeof host_;
        host_.abi_major = OD_PLUGIN_ABI_MAJOR;
        host_.abi_minor = OD_PLUGIN_ABI_MINOR;
        host_.host_ctx = this;
        host_.log = [](void *ctx, int32_t level, const char *msg) {
            auto *self = static_cast<FakeHost *>(ctx);
            std::lock_guard<std::mutex> lk(self->mu_);
            self->logs_.push_back(std::to_string(level) + " " + msg);
        };
        host_.report = [](void *ctx, const char *json, char *err, uint32_t len) -> int32_t {
            auto *self = static_cast<FakeHost *>(ctx);
            std::lock_guard<std::mutex> lk(self->mu_);
            if (self->report_status != 0) {
                if (err && len) std::snprintf(err, len, "fake host refuses reports");
                return self->report_status;
            }
            self->reports_.emplace_back(json);
            return 0;
        };
        host_.config = [](void *ctx) { return static_cast<FakeHost *>(ctx)->config_.c_str(); };
        host_.unit = [](void *ctx) { return static_cast<FakeHost *>(ctx)->unit_.c_str(); };
    }
    const od_plugin_host *host() const { return &host_; }
    std::vector<std::string> reports() const {
        std::lock_guard<std::mutex> lk(mu_);
        return reports_;
    }
    std::vector<std::string> logs() const {
        std::lock_guard<std::mutex> lk(mu_);
        return logs_;
    }
    int32_t report_status = 0;

private:
    od_plugin_host host_;
    std::string config_, unit_;
    mutable std::mutex mu_;
    std::vector<std::string> reports_, logs_;
};

// Loads a plugin as the engine does: dlopen, dlsym, check abi_major first, init(path).
class LoadedPlugin {
public:
    explicit LoadedPlugin(const std::string &path) : path_(path) {
        handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle_) throw std::runtime_error(std::string("dlopen: ") + dlerror());
        auto *e = static_cast<const od_plugin_entry_t *>(dlsym(handle_, OD_PLUGIN_ENTRY_SYMBOL));
        if (!e) {
            dlclose(handle_);
            throw std::runtime_error("no " OD_PLUGIN_ENTRY_SYMBOL " in " + path);
        }
        const uint32_t major = e->abi_major;  // read before dlclose unmaps it
        if (major != OD_PLUGIN_ABI_MAJOR) {
            dlclose(handle_);
            throw std::runtime_error("ABI major " + std::to_string(major) + " refused");
        }
        entry_ = e;
        if (entry_->init && entry_->init(path.c_str()) != 0) {
            dlclose(handle_);
            throw std::runtime_error("module init failed");
        }
    }
    ~LoadedPlugin() {
        if (entry_ && entry_->deinit) entry_->deinit();
        if (handle_) dlclose(handle_);
    }
    LoadedPlugin(const LoadedPlugin &) = delete;
    LoadedPlugin &operator=(const LoadedPlugin &) = delete;
    const od_plugin_entry_t &entry() const { return *entry_; }

private:
    std::string path_;
    void *handle_ = nullptr;
    const od_plugin_entry_t *entry_ = nullptr;
};

class Instance {
public:
    Instance(const LoadedPlugin &p, const FakeHost &h) : e_(p.entry()) {
        char err[512] = {0};
        if (e_.create(h.host(), &inst_, err, sizeof err) != 0)
            throw std::runtime_error(std::string("create failed: ") + err);
    }
    ~Instance() { e_.destroy(inst_); }
    Instance(const Instance &) = delete;
    Instance &operator=(const Instance &) = delete;

    od_delivery_result deliver(const std::string &job_id, const std::string &body,
                               const std::string &kind = "notice", uint32_t attempt = 1) const {
        od_delivery_job job{};
        job.struct_size = sizeof job;
        job.job_id = job_id.c_str();
        job.kind = kind.c_str();
        job.case_id = "C371502-2026-000001";
        job.item_id = "C371502-2026-000001-1";
        job.unit = "dept.test";
        job.body_json = body.c_str();
        job.attempt = attempt;
        job.created_at_ms = 1772415000000;
        od_delivery_result r;
        std::memset(&r, 0, sizeof r);
        r.struct_size = sizeof r;
        e_.deliver(inst_, &job, &r);
        return r;
    }
    int32_t poll() const { return e_.poll ? e_.poll(inst_) : -2; }
    void *raw() const { return inst_; }

private:
    const od_plugin_entry_t &e_;
    void *inst_ = nullptr;
};

// Try to create an instance; returns the error text ("" on success, instance destroyed).
inline std::string create_error(const LoadedPlugin &p, const std::string &config) {
    FakeHost h(config, "dept.test");
    void *inst = nullptr;
    char err[512] = {0};
    if (p.entry().create(h.host(), &inst, err, sizeof err) == 0) {
        p.entry().destroy(inst);
        return "";
    }
    return err[0] ? err : "(no reason)";
}

}  // namespace odtest
