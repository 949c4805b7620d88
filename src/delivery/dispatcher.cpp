#include "delivery/dispatcher.h"

#include <algorithm>
#include <chrono>
#include <optional>

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

bool Dispatcher::stopping() {
  std::lock_guard<std::mutex> g(wake_mu_);
  return stopping_;
}

Millis Dispatcher::wall_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<JobRow> Dispatcher::claim(StoreTx& tx, int max) {
  if (max <= 0) return {};
  return tx.claim_jobs(clock_.now(), wall_now(), std::min(max, cfg_.batch), cfg_.lease_ms, host_.inactive_units());
}

bool Dispatcher::keep_leases(std::vector<JobRow>& jobs, size_t from) {
  // Renewed once less than half a lease is left: lease_ms is kept above twice the
  // plugins' timeouts, so the lease of the job about to be sent outlasts its send.
  if (!jobs[from].lease_until) return false;  // lost at an earlier renewal
  const Millis now = wall_now();
  if (*jobs[from].lease_until - now > cfg_.lease_ms / 2) return true;
  std::vector<std::pair<std::string, Millis>> held;
  for (size_t i = from; i < jobs.size(); ++i)
    if (jobs[i].lease_until) held.emplace_back(jobs[i].id, *jobs[i].lease_until);
  const Millis until = now + cfg_.lease_ms;
  std::vector<std::string> renewed;
  store_.write(Durability::Relaxed, [&](StoreTx& tx) { renewed = tx.renew_leases(held, until); });
  for (size_t i = from; i < jobs.size(); ++i) {
    if (!jobs[i].lease_until) continue;
    if (std::find(renewed.begin(), renewed.end(), jobs[i].id) != renewed.end()) jobs[i].lease_until = until;
    else {
      jobs[i].lease_until.reset();  // another worker's now: neither sent nor recorded here
      log_(OD_LOG_WARN, "job " + jobs[i].id + ": its lease ran out before it was sent; another worker has it");
    }
  }
  // the renewal may itself have waited (a lock, a busy disk): send only with half a lease
  // ahead, or give the job back
  return jobs[from].lease_until && until - wall_now() > cfg_.lease_ms / 2;
}

DeliveryOutcome Dispatcher::deliver(const JobRow& j) {
  // this send is attempt number attempts + 1: attempts counts the sends already made
  DeliveryRequest r{j.id, j.kind, j.case_id, j.item_id, j.unit, j.body, static_cast<uint32_t>(j.attempts + 1), j.created_at};
  try {
    return host_.deliver(r);
  } catch (const std::exception& e) {
    return {OD_DELIVERY_RETRY, 0, "", std::string("plugin threw: ") + e.what()};
  } catch (...) {
    return {OD_DELIVERY_RETRY, 0, "", "plugin threw"};
  }
}

void Dispatcher::record(StoreTx& tx, const JobRow& j, const DeliveryOutcome& r) {
  Millis now = clock_.now();
  if (r.outcome == OD_DELIVERY_DELIVERED) {
    tx.job_delivered(j.id, r.reference.empty() ? j.id : r.reference, now);
    return;
  }
  if (r.outcome == OD_DELIVERY_REJECTED) {
    tx.job_dead(j.id, "rejected: " + r.reason, now);
    log_(OD_LOG_WARN, "job " + j.id + " to " + j.unit + " rejected for good: " + r.reason);
    return;
  }
  int made = static_cast<int>(j.attempts) + 1;  // including the send just made
  double u;
  {
    std::lock_guard<std::mutex> rg(rng_mu_);
    u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
  }
  Millis next = now + retry_delay(cfg_.retry, made, u, r.retry_after_ms);
  if (give_up(cfg_.retry, made, j.created_at, next)) {
    tx.job_dead(j.id, "gave up after " + std::to_string(made) + " attempts: " + r.reason, now);
    log_(OD_LOG_WARN, "job " + j.id + " to " + j.unit + " is a dead letter: " + r.reason);
  } else {
    tx.job_retry(j.id, next, r.reason);
    log_(OD_LOG_INFO, "job " + j.id + " to " + j.unit + ": attempt " + std::to_string(made) +
                          " failed, retry at " + format_instant(next) + ": " + r.reason);
  }
}

int Dispatcher::run_once(int max) {
  int attempted = 0;
  std::vector<JobRow> jobs;
  if (!stopping()) store_.write(Durability::Relaxed, [&](StoreTx& tx) { jobs = claim(tx, max); });
  while (!jobs.empty()) {
    // Stop is checked before each send: close waits for the one send in flight, never
    // for the rest of a batch, whose leases are given back below.
    std::vector<std::optional<DeliveryOutcome>> results;  // none: not sent
    for (size_t i = 0; i < jobs.size() && !stopping(); ++i) {
      if (!keep_leases(jobs, i)) {
        results.emplace_back();
        continue;
      }
      results.push_back(deliver(jobs[i]));
      ++attempted;
    }
    bool more = attempted < max && !stopping();
    // Record this batch and claim the next in one transaction. The batch is read, never
    // replaced, inside: the store may run this twice (a deadlock on PostgreSQL), and a
    // second run must record the same results again, not the next batch's jobs (which
    // lost the results of sends that were made, and sent those jobs again after their
    // lease, found by nodes.pg).
    std::vector<JobRow> next;
    store_.write(Durability::Relaxed, [&](StoreTx& tx) {
      for (size_t i = 0; i < jobs.size(); ++i) {
        if (i < results.size() && results[i]) record(tx, jobs[i], *results[i]);
        else if (jobs[i].lease_until) tx.release_lease(jobs[i].id, *jobs[i].lease_until);
      }
      next = more ? claim(tx, max - attempted) : std::vector<JobRow>();
    });
    jobs = std::move(next);
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
