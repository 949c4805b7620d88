// od-deptsim - department-system simulator for onedoor tests and benchmarks.
//   od-deptsim --port N (0 = pick) --port-file PATH --secret whsec_... [--log FILE]
//              [--threads N (default 2)] [--max-records N]
// Prints "listening on PORT", writes PORT to --port-file, runs until SIGINT/SIGTERM.
#include "dept_sim.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <pthread.h>
#include <string>

static int usage(const char *msg) {
    if (msg) std::fprintf(stderr, "od-deptsim: %s\n", msg);
    std::fprintf(stderr,
                 "usage: od-deptsim --port N --port-file PATH --secret whsec_... [--log FILE]\n"
                 "                  [--threads N] [--max-records N]\n");
    return 2;
}

int main(int argc, char **argv) {
    long port = -1, threads = 2, max_records = 0;
    std::string port_file, secret, log;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> const char * { return i + 1 < argc ? argv[++i] : nullptr; };
        const char *v = nullptr;
        if (a == "--help" || a == "-h") return usage(nullptr), 0;
        if (!(v = next())) return usage(("missing value for " + a).c_str());
        char *end = nullptr;
        if (a == "--port") port = std::strtol(v, &end, 10);
        else if (a == "--threads") threads = std::strtol(v, &end, 10);
        else if (a == "--max-records") max_records = std::strtol(v, &end, 10);
        else if (a == "--port-file") port_file = v;
        else if (a == "--secret") secret = v;
        else if (a == "--log") log = v;
        else return usage(("unknown option " + a).c_str());
        if (end && *end) return usage(("not a number: " + std::string(v)).c_str());
    }
    if (port < 0 || port > 65535) return usage("--port N is required (0 picks a free port)");
    if (secret.empty()) return usage("--secret is required");
    if (threads < 1 || threads > 64) return usage("--threads must be 1..64");

    // Block the stop signals before any thread starts, so that only sigwait sees them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    od::sim::DeptSim sim;
    try {
        if (max_records > 0) sim.set_max_records(static_cast<size_t>(max_records));
        if (!log.empty()) sim.set_log(log);
        sim.start(static_cast<uint16_t>(port), secret, static_cast<int>(threads));
    } catch (const std::exception &e) {
        std::fprintf(stderr, "od-deptsim: %s\n", e.what());
        return 1;
    }
    if (!port_file.empty()) {
        std::string tmp = port_file + ".tmp";
        {
            std::ofstream f(tmp, std::ios::trunc);
            f << sim.port() << '\n';
            if (!f) {
                std::fprintf(stderr, "od-deptsim: cannot write %s\n", tmp.c_str());
                return 1;
            }
        }
        if (std::rename(tmp.c_str(), port_file.c_str()) != 0) {
            std::fprintf(stderr, "od-deptsim: cannot rename to %s: %s\n", port_file.c_str(), std::strerror(errno));
            return 1;
        }
    }
    std::printf("listening on %u\n", static_cast<unsigned>(sim.port()));
    std::fflush(stdout);

    int sig = 0;
    sigwait(&set, &sig);
    sim.stop();
    std::printf("stopped (signal %d)\n", sig);
    return 0;
}
