// dept_sim.cpp - Boost.Beast implementation of od::sim::DeptSim.
#include "dept_sim.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = net::ip::tcp;

namespace od::sim {

namespace {

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t now_us() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

bool prefix_match(const std::string &path, const std::string &prefix) {
    if (prefix.empty() || prefix == "/") return true;
    if (path.compare(0, prefix.size(), prefix) != 0) return false;
    return path.size() == prefix.size() || prefix.back() == '/' || path[prefix.size()] == '/';
}

bool b64_decode(std::string s, std::vector<unsigned char> &out) {
    if (s.empty() || s.size() % 4) return false;
    out.assign(s.size() / 4 * 3, 0);
    int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char *>(s.data()),
                            static_cast<int>(s.size()));
    if (n < 0) return false;
    size_t pad = (s.back() == '=') + (s[s.size() - 2] == '=');
    out.resize(static_cast<size_t>(n) - pad);
    return true;
}

std::string b64_encode(const unsigned char *p, size_t n) {
    std::string out(4 * ((n + 2) / 3) + 1, '\0');
    out.resize(static_cast<size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()), p,
                                                   static_cast<int>(n))));
    return out;
}

std::string url_decode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        auto hex = [](char c) {
            return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        };
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
            continue;
        }
        out += s[i] == '+' ? ' ' : s[i];
    }
    return out;
}

std::string query_param(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view kv = query.substr(0, amp);
        auto eq = kv.find('=');
        if (kv.substr(0, eq) == name) return eq == std::string_view::npos ? "" : url_decode(kv.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

json::object to_json(const Recording &r) {
    return json::object{{"seq", r.seq},
                        {"path", r.path},
                        {"webhook-id", r.webhook_id},
                        {"webhook-timestamp", r.webhook_timestamp},
                        {"webhook-signature", r.webhook_signature},
                        {"body", r.body},
                        {"headers", [&] {
                             json::object h;
                             for (const auto &[k, v] : r.headers) h[k] = v;
                             return h;
                         }()},
                        {"signature_valid", r.signature_valid},
                        {"received_at_ms", r.received_at_ms},
                        {"received_at_us", r.received_at_us},
                        {"answered_at_us", r.answered_at_us},
                        {"mode", r.mode},
                        {"status", r.status}};
}

bool valid_mode(const std::string &m) {
    if (m == "ok" || m == "slow" || m == "reset" || m == "garbage" || m == "badhttp") return true;
    return m.size() == 3 && m[0] >= '1' && m[0] <= '5' && std::isdigit(static_cast<unsigned char>(m[1])) &&
           std::isdigit(static_cast<unsigned char>(m[2]));
}

std::string http_date(std::time_t t) {
    char buf[64];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
}

}  // namespace

// ---- shared state --------------------------------------------------------------------------

struct DeptSim::Impl {
    // state (declared before the io_context so it outlives every session)
    mutable std::mutex mu;
    std::string secret;
    std::deque<Recording> records;
    size_t max_records = 1000000;
    uint64_t seq = 0;
    std::vector<Mode> modes;
    std::map<std::string, json::array> results;
    std::map<std::string, std::string> raw_results;  // element texts JSON cannot re-serialise (1e400)
    std::map<std::string, uint64_t> by_path, by_status;
    uint64_t received_total = 0, sig_valid = 0, sig_invalid = 0, results_served = 0;
    std::ofstream log;
    std::atomic<uint64_t> accepted{0};
    std::atomic<int64_t> open{0};

    // I/O
    std::unique_ptr<net::io_context> ioc;
    std::optional<tcp::acceptor> acceptor;
    std::vector<std::thread> threads;
    uint16_t port = 0;

    Mode pick_mode(const std::string &path) {
        // caller holds mu
        int best = -1;
        for (size_t i = 0; i < modes.size(); ++i)
            if (prefix_match(path, modes[i].path) &&
                (best < 0 || modes[i].path.size() >= modes[static_cast<size_t>(best)].path.size()))
                best = static_cast<int>(i);
        if (best < 0) return Mode{};
        Mode m = modes[static_cast<size_t>(best)];
        if (m.count > 0 && --modes[static_cast<size_t>(best)].count == 0)
            modes.erase(modes.begin() + best);
        return m;
    }

    void set_mode(Mode m) {
        if (m.mode == "slow" && m.delay_ms <= 0) m.delay_ms = 1000;
        if (!valid_mode(m.mode)) throw std::invalid_argument("unknown mode \"" + m.mode + "\"");
        if (m.count == 0) throw std::invalid_argument("count must be positive or -1");
        std::lock_guard<std::mutex> lk(mu);
        std::erase_if(modes, [&](const Mode &x) { return x.path == m.path; });
        modes.push_back(m);
    }

    // Records the POST and decides the answer. Returns the mode used and the seq.
    std::pair<Mode, uint64_t> record(Recording r) {
        std::lock_guard<std::mutex> lk(mu);
        Mode m = pick_mode(r.path);
        r.seq = ++seq;
        r.mode = m.mode;
        r.signature_valid = false;
        if (!r.webhook_signature.empty()) {
            bool fresh = false;
            try {
                long long ts = std::stoll(r.webhook_timestamp);
                fresh = std::llabs(ts - static_cast<long long>(std::time(nullptr))) <= 300;
            } catch (...) {
            }
            r.signature_valid = fresh && verify_signature(secret, r.webhook_id, r.webhook_timestamp,
                                                          r.body, r.webhook_signature);
        }
        if (m.mode == "ok" || m.mode == "slow" || m.mode == "garbage") r.status = 200;
        else if (m.mode == "reset" || m.mode == "badhttp") r.status = 0;
        else r.status = std::stoi(m.mode);
        ++received_total;
        ++(r.signature_valid ? sig_valid : sig_invalid);
        ++by_path[r.path];
        ++by_status[std::to_string(r.status)];
        if (log.is_open()) log << json::serialize(to_json(r)) << '\n' << std::flush;
        uint64_t s = r.seq;
        records.push_back(std::move(r));
        while (records.size() > max_records) records.pop_front();
        return {m, s};
    }

    void answered(uint64_t seq, int64_t at_us) {
        std::lock_guard<std::mutex> lk(mu);
        for (auto it = records.rbegin(); it != records.rend(); ++it)
            if (it->seq == seq) {
                it->answered_at_us = at_us;
                return;
            }
    }

    std::string received_json(const std::string &prefix) const {
        json::array a;
        std::lock_guard<std::mutex> lk(mu);
        for (const auto &r : records)
            if (prefix_match(r.path, prefix)) a.push_back(to_json(r));
        return json::serialize(a);
    }

    std::string stats_json() const {
        std::lock_guard<std::mutex> lk(mu);
        json::object bp, bs;
        for (auto &[k, v] : by_path) bp[k] = v;
        for (auto &[k, v] : by_status) bs[k] = v;
        size_t queued = 0;
        for (auto &[k, v] : results) queued += v.size();
        return json::serialize(json::object{{"received", received_total},
                                            {"signature_valid", sig_valid},
                                            {"signature_invalid", sig_invalid},
                                            {"by_path", bp},
                                            {"by_status", bs},
                                            {"connections_accepted", accepted.load()},
                                            {"connections_open", open.load()},
                                            {"results_queued", queued},
                                            {"results_served", results_served}});
    }

    void reset() {
        std::lock_guard<std::mutex> lk(mu);
        records.clear();
        modes.clear();
        results.clear();
        raw_results.clear();
        by_path.clear();
        by_status.clear();
        received_total = sig_valid = sig_invalid = results_served = 0;
    }

    void queue_results(const std::string &path, json::array arr) {
        std::lock_guard<std::mutex> lk(mu);
        auto &q = results[path];
        for (auto &v : arr) q.push_back(std::move(v));
    }

    // The queued results as the text of one JSON array; raw elements go out verbatim.
    std::string take_results(const std::string &path) {
        std::lock_guard<std::mutex> lk(mu);
        json::array a;
        if (auto it = results.find(path); it != results.end()) {
            a = std::move(it->second);
            results.erase(it);
        }
        results_served += a.size();
        std::string text = json::serialize(a);
        if (auto it = raw_results.find(path); it != raw_results.end()) {
            text.pop_back();
            text += (a.empty() ? "" : ",") + it->second + "]";
            ++results_served;
            raw_results.erase(it);
        }
        return text;
    }
};

namespace {

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

Response json_response(const Request &req, http::status st, std::string body) {
    Response res{st, req.version()};
    res.set(http::field::server, "od-deptsim");
    res.set(http::field::content_type, "application/json");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

std::string error_body(const std::string &msg) { return json::serialize(json::object{{"error", msg}}); }

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket &&socket, DeptSim::Impl &sim)
        : stream_(std::move(socket)), timer_(stream_.get_executor()), sim_(sim) {
        ++sim_.open;
    }
    ~Session() { --sim_.open; }

    void run() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::do_read, shared_from_this()));
    }

private:
    beast::tcp_stream stream_;
    net::steady_timer timer_;
    DeptSim::Impl &sim_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<Response> res_;
    std::shared_ptr<std::string> raw_;
    uint64_t post_seq_ = 0;  // the department POST being answered (0: none)

    // The answer to a department POST leaves now: the end of its span.
    void answering() {
        if (post_seq_ != 0) sim_.answered(post_seq_, now_us());
        post_seq_ = 0;
    }

    void do_read() {
        parser_.emplace();
        parser_->body_limit(16 * 1024 * 1024);
        stream_.expires_after(std::chrono::seconds(120));
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream) {
            stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
            return;
        }
        if (ec) return;  // timeout, reset, parse error: drop the connection
        handle(parser_->release());
    }

    void send(Response res) {
        answering();
        res_ = std::make_shared<Response>(std::move(res));
        stream_.expires_after(std::chrono::seconds(30));
        http::async_write(stream_, *res_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec) return;
        bool close = res_->need_eof();
        res_.reset();
        if (close) {
            stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
            return;
        }
        do_read();
    }

    void reset_connection() {
        answering();
        beast::error_code ec;
        stream_.socket().set_option(net::socket_base::linger(true, 0), ec);
        stream_.socket().close(ec);
    }

    void handle(Request req) {
        std::string target(req.target());
        std::string path = target.substr(0, target.find('?'));
        std::string query = target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1);
        try {
            if (path.rfind("/_", 0) == 0) return control(req, path, query);
            if (req.method() == http::verb::get) {
                constexpr std::string_view suffix = "/results";
                if (path.size() > suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
                    return send(json_response(req, http::status::ok,
                                              sim_.take_results(path.substr(0, path.size() - suffix.size()))));
                }
                return send(json_response(req, http::status::not_found, error_body("no such resource")));
            }
            if (req.method() != http::verb::post)
                return send(json_response(req, http::status::method_not_allowed, error_body("POST only")));
            department_post(req, path);
        } catch (const std::exception &e) {
            send(json_response(req, http::status::bad_request, error_body(e.what())));
        }
    }

    void department_post(Request &req, const std::string &path) {
        Recording r;
        r.path = path;
        r.webhook_id = std::string(req["webhook-id"]);
        r.webhook_timestamp = std::string(req["webhook-timestamp"]);
        r.webhook_signature = std::string(req["webhook-signature"]);
        r.body = req.body();
        for (const auto &f : req) {
            std::string name(f.name_string());
            for (auto &ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            r.headers.emplace_back(std::move(name), std::string(f.value()));
        }
        r.received_at_us = now_us();
        r.received_at_ms = r.received_at_us / 1000;
        auto [m, seq] = sim_.record(std::move(r));
        post_seq_ = seq;

        if (m.mode == "reset") return reset_connection();
        if (m.mode == "badhttp") {
            raw_ = std::make_shared<std::string>("THIS IS NOT HTTP\r\n\r\n");
            net::async_write(stream_, net::buffer(*raw_),
                             [self = shared_from_this()](beast::error_code, std::size_t) {
                                 self->reset_connection();
                             });
            return;
        }
        if (m.mode == "garbage") {
            Response res = json_response(req, http::status::ok, "<html>%%% not json {{{");
            res.set(http::field::content_type, "text/html");
            return send(std::move(res));
        }
        if (m.mode == "ok" || m.mode == "slow") {
            Response res = json_response(req, http::status::ok,
                                         json::serialize(json::object{{"reference", "SIM-" + std::to_string(seq)}}));
            if (m.mode == "ok" || m.delay_ms <= 0) return send(std::move(res));
            auto held = std::make_shared<Response>(std::move(res));
            stream_.expires_never();
            timer_.expires_after(std::chrono::milliseconds(m.delay_ms));
            timer_.async_wait([self = shared_from_this(), held](beast::error_code ec) {
                if (!ec) self->send(std::move(*held));
            });
            return;
        }
        int status = std::stoi(m.mode);
        Response res = json_response(req, static_cast<http::status>(status),
                                     error_body("simulated " + m.mode));
        if (status == 429 || status == 503) {
            if (m.retry_after_http_date)
                res.set(http::field::retry_after, http_date(std::time(nullptr) + m.retry_after));
            else
                res.set(http::field::retry_after, std::to_string(m.retry_after));
        }
        send(std::move(res));
    }

    void control(Request &req, const std::string &path, const std::string &query) {
        auto post_json = [&]() -> json::object {
            boost::system::error_code ec;
            json::value v = json::parse(req.body().empty() ? std::string("{}") : req.body(), ec);
            if (ec || !v.is_object()) throw std::invalid_argument("body must be a JSON object");
            return v.get_object();
        };
        const bool post = req.method() == http::verb::post, get = req.method() == http::verb::get;
        if (path == "/_control" && post) {
            json::object o = post_json();
            Mode m;
            auto str = [&](const char *k, std::string &dst) {
                if (auto *v = o.if_contains(k)) {
                    if (!v->is_string()) throw std::invalid_argument(std::string(k) + " must be a string");
                    dst = std::string(v->get_string());
                }
            };
            auto num = [&](const char *k, int &dst) {
                if (auto *v = o.if_contains(k)) dst = static_cast<int>(v->to_number<int64_t>());
            };
            str("mode", m.mode);
            str("path", m.path);
            num("count", m.count);
            num("retry_after", m.retry_after);
            num("delay_ms", m.delay_ms);
            if (auto *v = o.if_contains("retry_after_http_date")) m.retry_after_http_date = v->is_bool() && v->get_bool();
            sim_.set_mode(m);
            return send(json_response(req, http::status::ok, R"({"ok":true})"));
        }
        if (path == "/_reset" && post) {
            sim_.reset();
            return send(json_response(req, http::status::ok, R"({"ok":true})"));
        }
        if (path == "/_received" && get)
            return send(json_response(req, http::status::ok, sim_.received_json(query_param(query, "path"))));
        if (path == "/_stats" && get) return send(json_response(req, http::status::ok, sim_.stats_json()));
        if (path == "/_results" && post) {
            json::object o = post_json();
            auto *p = o.if_contains("path");
            auto *r = o.if_contains("results");
            if (!p || !p->is_string() || !r || !r->is_array())
                throw std::invalid_argument("need {\"path\": string, \"results\": array}");
            sim_.queue_results(std::string(p->get_string()), r->get_array());
            return send(json_response(req, http::status::ok, R"({"ok":true})"));
        }
        send(json_response(req, http::status::not_found, error_body("unknown control endpoint")));
    }
};

void do_accept(DeptSim::Impl &sim) {
    sim.acceptor->async_accept(net::make_strand(*sim.ioc), [&sim](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !sim.acceptor->is_open()) return;
        if (!ec) {
            ++sim.accepted;
            beast::error_code ignore;
            socket.set_option(tcp::no_delay(true), ignore);
            std::make_shared<Session>(std::move(socket), sim)->run();
        }
        do_accept(sim);
    });
}

}  // namespace

// ---- DeptSim -------------------------------------------------------------------------------

DeptSim::DeptSim() : impl_(std::make_unique<Impl>()) {}
DeptSim::~DeptSim() { stop(); }

void DeptSim::start(uint16_t port, const std::string &secret, int threads) {
    if (impl_->ioc) throw std::runtime_error("DeptSim already started");
    std::vector<unsigned char> key;
    std::string s = secret.rfind("whsec_", 0) == 0 ? secret.substr(6) : secret;
    if (!b64_decode(s, key)) throw std::runtime_error("secret must be whsec_<base64>");
    impl_->secret = secret;
    impl_->ioc = std::make_unique<net::io_context>(threads);
    try {
        tcp::endpoint ep{net::ip::make_address("127.0.0.1"), port};
        impl_->acceptor.emplace(*impl_->ioc);
        impl_->acceptor->open(ep.protocol());
        impl_->acceptor->set_option(net::socket_base::reuse_address(true));
        impl_->acceptor->bind(ep);
        impl_->acceptor->listen(net::socket_base::max_listen_connections);
        impl_->port = impl_->acceptor->local_endpoint().port();
    } catch (const std::exception &e) {
        impl_->acceptor.reset();
        impl_->ioc.reset();
        throw std::runtime_error(std::string("DeptSim: cannot listen: ") + e.what());
    }
    do_accept(*impl_);
    for (int i = 0; i < std::max(1, threads); ++i)
        impl_->threads.emplace_back([io = impl_->ioc.get()] { io->run(); });
}

uint16_t DeptSim::port() const { return impl_->port; }

std::string DeptSim::url(const std::string &path) const {
    return "http://127.0.0.1:" + std::to_string(impl_->port) + path;
}

void DeptSim::stop() {
    if (!impl_ || !impl_->ioc) return;
    impl_->ioc->stop();
    for (auto &t : impl_->threads) t.join();
    impl_->threads.clear();
    impl_->acceptor.reset();
    impl_->ioc.reset();  // destroys pending sessions while the state still exists
}

std::vector<Recording> DeptSim::received(const std::string &path_prefix) const {
    std::lock_guard<std::mutex> lk(impl_->mu);
    std::vector<Recording> out;
    for (const auto &r : impl_->records)
        if (prefix_match(r.path, path_prefix)) out.push_back(r);
    return out;
}

void DeptSim::set_mode(const Mode &m) { impl_->set_mode(m); }

void DeptSim::set_mode(const std::string &mode, const std::string &path, int count, int retry_after,
                       int delay_ms) {
    Mode m;
    m.mode = mode;
    m.path = path;
    m.count = count;
    m.retry_after = retry_after;
    m.delay_ms = delay_ms;
    impl_->set_mode(m);
}

void DeptSim::reset() { impl_->reset(); }

void DeptSim::queue_results(const std::string &path, const std::string &results_json_array) {
    json::value v = json::parse(results_json_array);
    if (!v.is_array()) throw std::invalid_argument("results must be a JSON array");
    impl_->queue_results(path, std::move(v.get_array()));
}

void DeptSim::queue_raw_result(const std::string &path, const std::string &element_text) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    std::string &raw = impl_->raw_results[path];
    raw += (raw.empty() ? "" : ",") + element_text;
}

std::string DeptSim::stats_json() const { return impl_->stats_json(); }
std::string DeptSim::received_json(const std::string &path_prefix) const {
    return impl_->received_json(path_prefix);
}

void DeptSim::set_log(const std::string &file) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    if (impl_->log.is_open()) impl_->log.close();
    if (!file.empty()) {
        impl_->log.open(file, std::ios::app);
        if (!impl_->log) throw std::runtime_error("cannot open log file " + file);
    }
}

void DeptSim::set_max_records(size_t n) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    impl_->max_records = std::max<size_t>(1, n);
}

bool DeptSim::verify_signature(const std::string &secret, const std::string &id, const std::string &timestamp,
                               const std::string &body, const std::string &signature_header) {
    std::vector<unsigned char> key;
    std::string s = secret.rfind("whsec_", 0) == 0 ? secret.substr(6) : secret;
    if (!b64_decode(s, key)) return false;
    std::string msg = id + "." + timestamp + "." + body;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char *>(msg.data()), msg.size(), mac, &len))
        return false;
    const std::string expected = b64_encode(mac, len);
    std::string_view h = signature_header;
    while (!h.empty()) {
        auto sp = h.find(' ');
        std::string_view entry = h.substr(0, sp);
        if (entry.substr(0, 3) == "v1,") {
            std::string_view sig = entry.substr(3);
            if (sig.size() == expected.size() && CRYPTO_memcmp(sig.data(), expected.data(), sig.size()) == 0)
                return true;
        }
        if (sp == std::string_view::npos) break;
        h.remove_prefix(sp + 1);
    }
    return false;
}

}  // namespace od::sim
