#include "delivery/dispatcher.h"

#include <chrono>

#include "onedoor/onedoor.h"
#include "util/failure.h"

namespace od {

Dispatcher::Dispatcher(Store& store, PluginHost& host, const Clock& clock, DeliveryConfig cfg, LogFn log)
    : store_(store), host_(host), clock_(clock), cfg_(cfg), log_(std::move(log)),
      rng_(std::random_device{}()) {}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::start() {
  last_poll_ = clock_.now();
  for (int i = 0; i < cfg_.workers; ++i) threads_.emplace_back([this] { worker_loop(); });
}

void Dispatcher::stop() {
  {
    std::lock_guard<std::mutex> g(wake_mu_);
    stopping_ = true;
  }
  wake_cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void Dispatcher::wake() {
  {
    std::lock_guard<std::mutex> g(wake_mu_);
    ++wakes_;
  }
  wake_cv_.notify_all();
}

std::vector<JobRow> Dispatcher::claim(StoreTx& tx, int max) {
  if (max <= 0) return {};
  Millis wall_now = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch()).count();
  return tx.claim_jobs(clock_.now(), wall_now, max, cfg_.lease_ms, host_.inactive_units());
}

std::vector<DeliveryOutcome> Dispatcher::deliver(const std::vector<JobRow>& jobs) {
  std::vector<DeliveryOutcome> results;
  results.reserve(jobs.size());
  for (const JobRow& j : jobs) {
    DeliveryRequest r{j.id, j.kind, j.case_id, j.item_id, j.unit, j.body, static_cast<uint32_t>(j.attempts), j.created_at};
    try {
      results.push_back(host_.deliver(r));
    } catch (const std::exception& e) {
      results.push_back({OD_DELIVERY_RETRY, 0, "", std::string("plugin threw: ") + e.what()});
    } catch (...) {
      results.push_back({OD_DELIVERY_RETRY, 0, "", "plugin threw"});
    }
  }
  return results;
}

void Dispatcher::record(StoreTx& tx, const std::vector<JobRow>& jobs, const std::vector<DeliveryOutcome>& results) {
  Millis now = clock_.now();
  for (size_t i = 0; i < jobs.size(); ++i) {
    const JobRow& j = jobs[i];
    const DeliveryOutcome& r = results[i];
    if (r.outcome == OD_DELIVERY_DELIVERED) {
      tx.job_delivered(j.id, r.reference.empty() ? j.id : r.reference, now);
      continue;
    }
    if (r.outcome == OD_DELIVERY_REJECTED) {
      tx.job_dead(j.id, "rejected: " + r.reason, now);
      log_(OD_LOG_WARN, "job " + j.id + " to " + j.unit + " rejected for good: " + r.reason);
      continue;
    }
    double u;
    {
      std::lock_guard<std::mutex> rg(rng_mu_);
      u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    }
    Millis next = now + retry_delay(cfg_.retry, static_cast<int>(j.attempts), u, r.retry_after_ms);
    if (give_up(cfg_.retry, static_cast<int>(j.attempts), j.created_at, next)) {
      tx.job_dead(j.id, "gave up after " + std::to_string(j.attempts) + " attempts: " + r.reason, now);
      log_(OD_LOG_WARN, "job " + j.id + " to " + j.unit + " is a dead letter: " + r.reason);
    } else {
      tx.job_retry(j.id, next, r.reason);
      log_(OD_LOG_INFO, "job " + j.id + " to " + j.unit + ": attempt " + std::to_string(j.attempts) +
                            " failed, retry at " + format_instant(next) + ": " + r.reason);
    }
  }
}

int Dispatcher::run_once(int max) {
  int attempted = 0;
  std::vector<JobRow> jobs;
  store_.write(Durability::Relaxed, [&](StoreTx& tx) { jobs = claim(tx, std::min(max, cfg_.batch)); });
  while (!jobs.empty()) {
    attempted += static_cast<int>(jobs.size());
    std::vector<DeliveryOutcome> results = deliver(jobs);
    bool more;
    {
      std::lock_guard<std::mutex> g(wake_mu_);
      more = !stopping_;
    }
    // Record this batch and claim the next in one transaction.
    store_.write(Durability::Relaxed, [&](StoreTx& tx) {
      record(tx, jobs, results);
      jobs = claim(tx, more ? std::min(max - attempted, cfg_.batch) : 0);
    });
  }
  return attempted;
}

void Dispatcher::worker_loop() {
  for (;;) {
    {
      std::lock_guard<std::mutex> g(wake_mu_);
      if (stopping_) return;
    }
    int n = 0;
    try {
      n = run_once(1 << 30);
      // once per interval for the whole engine: the worker that moves last_poll_ polls
      Millis last = last_poll_.load(), now = clock_.now();
      if (cfg_.poll_interval_ms > 0 && now - last >= cfg_.poll_interval_ms && last_poll_.compare_exchange_strong(last, now))
        host_.poll_all();
    } catch (const std::exception& e) {
      log_(OD_LOG_ERROR, std::string("delivery worker: ") + e.what());
    } catch (...) {
      log_(OD_LOG_ERROR, "delivery worker: a plugin threw something that is not an exception");
    }
    if (n > 0) continue;
    std::unique_lock<std::mutex> lk(wake_mu_);
    uint64_t seen = wakes_;
    wake_cv_.wait_for(lk, std::chrono::milliseconds(cfg_.idle_ms), [&] { return stopping_ || wakes_ != seen; });
  }
}

}  // namespace od
