// dept_sim.hpp - an in-process department-system simulator (HTTP/1.1 over loopback,
// Boost.Beast underneath; this header pulls in no Boost). The od-deptsim executable is a
// thin main over it. See tests/sim/README.md for the HTTP control API.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace od::sim {

// One POST the simulator received on a department path (any path not starting with "/_").
struct Recording {
    uint64_t seq = 0;             // 1, 2, ... in arrival order (not reset by reset())
    std::string path;             // request target without the query string
    std::string webhook_id;
    std::string webhook_timestamp;
    std::string webhook_signature;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // all request headers
    bool signature_valid = false;  // Standard Webhooks check with the simulator's secret,
                                   // timestamp within 5 minutes of now
    int64_t received_at_ms = 0;    // Unix ms
    // When the whole request had arrived and when its answer (or reset) went out, Unix µs:
    // two POSTs of one job whose spans overlap were sent by two senders at once.
    int64_t received_at_us = 0;
    int64_t answered_at_us = 0;    // 0 until answered
    std::string mode;              // the mode that answered it
    int status = 0;                // the status answered; 0 for reset / badhttp
};

// How to answer department POSTs.
//   mode: "ok"      200 {"reference":"SIM-<seq>"}
//         "slow"    wait delay_ms, then as "ok"
//         "429"     429 with Retry-After: retry_after (seconds, or an HTTP-date when
//                   retry_after_http_date)
//         "500", "400" or any other 3-digit status: that status with a JSON error body
//                   (503 also carries Retry-After)
//         "reset"   close the connection with a TCP RST, answering nothing
//         "garbage" 200 with a body that is not JSON (a well-formed HTTP response)
//         "badhttp" bytes that are not an HTTP response at all, then close
//   path:  "" for every path, else a path prefix matched per segment ("/education"
//          matches "/education" and "/education/x", not "/educationx"); the longest
//          matching prefix wins.
//   count: answer only the next `count` matching requests this way (-1: until changed).
struct Mode {
    std::string mode = "ok";
    std::string path;
    int count = -1;
    int retry_after = 1;
    bool retry_after_http_date = false;
    int delay_ms = 0;
};

class DeptSim {
public:
    DeptSim();
    ~DeptSim();
    DeptSim(const DeptSim &) = delete;
    DeptSim &operator=(const DeptSim &) = delete;

    // Listen on 127.0.0.1:port (0 picks a free port) with `threads` I/O threads.
    // Throws std::runtime_error on failure.
    void start(uint16_t port, const std::string &secret, int threads = 2);
    uint16_t port() const;
    std::string url(const std::string &path) const;  // "http://127.0.0.1:<port>" + path
    void stop();                                      // idempotent; the destructor calls it

    // Recordings, optionally only those whose path matches prefix (same rule as Mode).
    std::vector<Recording> received(const std::string &path_prefix = "") const;
    void set_mode(const Mode &m);
    void set_mode(const std::string &mode, const std::string &path = "", int count = -1,
                  int retry_after = 1, int delay_ms = 0);
    // Clears recordings, modes and queued results.
    void reset();
    // Queue results (a JSON array text) for GET <path>/results. Throws on bad JSON.
    void queue_results(const std::string &path, const std::string &results_json_array);
    // One result served verbatim after the queued ones (text the simulator's JSON library
    // could not write back as it came, such as a number out of double range).
    void queue_raw_result(const std::string &path, const std::string &element_text);
    std::string stats_json() const;
    std::string received_json(const std::string &path_prefix = "") const;
    // Append every recording as a JSON line to file ("" turns it off).
    void set_log(const std::string &file);
    // Keep at most n recordings (the oldest are dropped); counts in stats stay exact.
    void set_max_records(size_t n);

    // Standard Webhooks check, exposed for tests: secret "whsec_<base64>", signature
    // header with one or more space-separated "v1,<base64>" entries.
    static bool verify_signature(const std::string &secret, const std::string &id,
                                 const std::string &timestamp, const std::string &body,
                                 const std::string &signature_header);

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace od::sim
