// od-deptsim - department-system simulator for onedoor tests and benchmarks.
//   od-deptsim --port N (0 = pick) --port-file PATH --secret whsec_... [--log FILE]   (options: CLI11, --help)
//              [--threads N (default 2)] [--max-records N]
// Prints "listening on PORT", writes PORT to --port-file, runs until SIGINT/SIGTERM.
#include "dept_sim.hpp"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <pthread.h>
#include <string>

int main(int argc, char **argv) {
    long port = -1, threads = 2, max_records = 0;
    std::string port_file, secret, log;
    CLI::App app{"od-deptsim - a department's system, for onedoor tests and benchmarks"};
    app.add_option("--port", port, "the port to listen on (0 picks a free one)")->required()->check(CLI::Range(0, 65535));
    app.add_option("--port-file", port_file, "where to write the port once listening");
    app.add_option("--secret", secret, "the webhook signing secret (whsec_...)")->required();
    app.add_option("--log", log, "append one JSON line per request to this file");
    app.add_option("--threads", threads, "server threads")->check(CLI::Range(1, 64));
    app.add_option("--max-records", max_records, "recordings kept, the oldest dropped first (0: the default)")
        ->check(CLI::NonNegativeNumber);
    CLI11_PARSE(app, argc, argv);
    if (secret.empty()) {
        std::fprintf(stderr, "od-deptsim: --secret must not be empty\n");
        return 2;
    }

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
