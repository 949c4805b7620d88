// Delivery job ids. A job id is the `webhook-id` receivers drop repeats by, so it must
// never repeat: not across databases, districts, restores from a backup or rebuilds,
// where the job counter starts over or goes back. The counter keeps ids in creation
// order within one database and readable; 64 random bits per job make them unique
// everywhere else.
#pragma once
#include <cstdint>
#include <string>

namespace od {

// "job-000000042-9f3c1a7b2e4d6c80": the counter (at least 9 digits), then 16 hex digits.
std::string format_job_id(int64_t counter, uint64_t random);
// The same, with the random part drawn from the kernel's generator.
std::string new_job_id(int64_t counter);

}  // namespace od
