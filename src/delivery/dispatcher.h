// Takes due jobs from the outbox and hands them to their unit's plugin: on background
// worker threads, or on the caller's thread ("delivery.run") when the portal drives
// delivery itself. Jobs are claimed a batch per transaction, each with its own lease,
// renewed for the jobs still waiting whenever less than half a lease is left, so a
// lease always covers its job's send and no job is sent by two workers at once. Each
// result (attempts + 1) is recorded after the send, in the transaction that claims the
// next batch; a crash in between only means the same job, with the same id and body, is
// offered again once its lease expires: at least once.
// All are Durability::Relaxed store writes: losing the newest of them in a power cut
// only means a job is offered again, which at-least-once delivery allows.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "delivery/backoff.h"
#include "delivery/plugin_host.h"
#include "store/store.h"
#include "util/clock.h"

namespace od {

struct DeliveryConfig {
  int workers = 1;          // 0: no threads, the portal calls delivery.run
  int batch = 32;           // jobs claimed per transaction
  Millis lease_ms = 5 * 60'000;
  Millis idle_ms = 200;     // how long an idle worker sleeps before looking again
  Millis poll_interval_ms = 0;  // ask polling plugins for results this often (0: never)
  RetryPolicy retry;
};

class Dispatcher {
 public:
  using LogFn = std::function<void(int level, const std::string& line)>;
  Dispatcher(Store& store, PluginHost& host, const Clock& clock, DeliveryConfig cfg, LogFn log);
  ~Dispatcher();

  void start();
  // Waits for the jobs in flight (at most one per worker, so at most one plugin timeout)
  // to be recorded; no worker claims another job once stop has begun.
  void stop();
  void wake();  // new jobs were committed
  // Claims and delivers due jobs on this thread, a batch at a time (each batch's results
  // recorded in the transaction that claims the next), until `max` were attempted,
  // nothing is due, or the dispatcher stops (checked before every send). Returns the
  // number attempted.
  int run_once(int max);
  const DeliveryConfig& config() const { return cfg_; }

 private:
  void worker_loop();
  bool stopping();
  static Millis wall_now();
  // claim and record run inside a store transaction; deliver outside any.
  std::vector<JobRow> claim(StoreTx& tx, int max);
  // Renews the leases of jobs[from...] when the next send could outlast them. Returns
  // whether jobs[from] may be sent now: still this worker's, with half a lease ahead. A
  // job someone else claimed after its lease ran out loses its lease_until here.
  bool keep_leases(std::vector<JobRow>& jobs, size_t from);
  DeliveryOutcome deliver(const JobRow& job);
  void record(StoreTx& tx, const JobRow& job, const DeliveryOutcome& result);
  Store& store_;
  PluginHost& host_;
  const Clock& clock_;
  DeliveryConfig cfg_;
  LogFn log_;
  std::mutex rng_mu_;
  std::mt19937_64 rng_;
  std::mutex wake_mu_;
  std::condition_variable wake_cv_;
  bool stopping_ = false;
  uint64_t wakes_ = 0;
  std::atomic<Millis> last_poll_{0};  // when a worker last polled the plugins
  std::vector<std::thread> threads_;
};

}  // namespace od
