#include "http/server.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/connection.hpp"
#include "http/response_text.hpp"

namespace stratus::http {

namespace {

constexpr std::chrono::milliseconds kSweepInterval{100};
constexpr std::chrono::milliseconds kLinger{2000};
// What a worker reads past a handler that left the request body unread, to keep the
// connection; a larger remainder closes it instead.
constexpr uint64_t kMaxDrainBytes = 1 << 20;

Error os_error(std::string what) { return Error(ErrorKind::Io, what + ": " + std::strerror(errno)); }

struct Job {
  std::unique_ptr<Connection> connection;
  Request request;
  Clock::time_point arrived;
};

std::atomic<Server*> g_signal_target{nullptr};

}  // namespace

struct Server::Impl {
  ServerConfig config;
  Handler& handler;
  int listen_fd = -1, epoll_fd = -1, wake_fd = -1;
  uint16_t port = 0;

  // The loop's connections (Idle, Head, Lingering), by fd.
  std::unordered_map<int, std::unique_ptr<Connection>> connections;

  std::mutex mutex;
  std::condition_variable work_ready;
  std::deque<Job> jobs;                                 // to the workers
  std::vector<std::unique_ptr<Connection>> returned;    // back from the workers
  bool workers_stop = false;
  std::vector<std::thread> workers;

  std::atomic<bool> stop_requested{false};
  std::atomic<bool> draining{false};

  struct Counters {
    std::atomic<uint64_t> accepted{0}, open{0}, requests{0}, in_flight{0}, rejected_overload{0}, rejected_malformed{0},
        head_timeouts{0}, body_bytes{0};
    std::atomic<uint64_t> by_class[6] = {};
  } counters;

  Impl(ServerConfig c, Handler& h) : config(std::move(c)), handler(h) {}
  ~Impl() {
    for (int fd : {listen_fd, epoll_fd, wake_fd})
      if (fd >= 0) ::close(fd);
  }

  void wake() {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd, &one, sizeof one);
  }

  void count_response(uint16_t status) {
    counters.by_class[std::min<unsigned>(status / 100, 5)]++;
  }
  void log(const Request& r, uint16_t status, uint64_t bytes, Clock::time_point arrived) {
    count_response(status);
    counters.body_bytes += bytes;
    if (!config.access_log) return;
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - arrived).count();
    config.access_log(AccessRecord{r.method, r.target, status, bytes, static_cast<uint64_t>(micros)});
  }

  // ---- the event loop ----

  void watch(Connection& c) {
    struct epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = c.fd;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c.fd, &ev);
  }
  void forget(int fd) { ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr); }
  void close_connection(int fd) {
    forget(fd);
    connections.erase(fd);
    counters.open--;
  }

  // Answers from the loop and stops reading requests on the connection: the rest of what
  // the client sent is read and discarded until it closes, so the answer is not lost to a
  // reset.
  void answer_and_linger(Connection& c, const std::string& response) {
    [[maybe_unused]] ssize_t n = ::send(c.fd, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(c.fd, SHUT_WR);
    c.phase = Connection::Phase::Lingering;
    c.deadline = Clock::now() + kLinger;
  }

  void accept_all() {
    for (;;) {
      int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;  // EAGAIN, or a transient error (EMFILE, ECONNABORTED): try on the next wake
      if (connections.size() + counters.in_flight >= config.max_connections) {
        ::close(fd);
        continue;
      }
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      auto c = std::make_unique<Connection>(fd, config.limits);
      c->deadline = Clock::now() + config.limits.idle_timeout;
      watch(*c);
      connections.emplace(fd, std::move(c));
      counters.accepted++;
      counters.open++;
    }
  }

  // Reads what the socket has. False when the connection was closed.
  bool receive(Connection& c) {
    for (;;) {
      // Enough for the largest head and a receive's worth more: past that the parser fails.
      if (c.unparsed().size() > config.limits.max_head_bytes + 16 * 1024 && c.phase != Connection::Phase::Lingering) return true;
      char* at = c.reserve(16 * 1024);
      ssize_t n = ::recv(c.fd, at, 16 * 1024, MSG_DONTWAIT);
      if (n > 0) {
        if (c.phase == Connection::Phase::Lingering)
          c.in_begin = c.in_end = 0;
        else
          c.in_end += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      if (n < 0 && errno == EINTR) continue;
      c.peer_closed = true;
      return true;
    }
  }

  // Acts on the bytes a loop-owned connection has: dispatches a complete head, answers a
  // malformed one, closes a finished connection.
  void process(int fd) {
    auto it = connections.find(fd);
    if (it == connections.end()) return;
    Connection& c = *it->second;
    if (c.phase == Connection::Phase::Lingering) {
      if (c.peer_closed) close_connection(fd);
      return;
    }
    auto [step, consumed] = c.parser.parse(c.unparsed());
    c.consume(consumed);
    switch (step) {
      case RequestParser::Step::NeedMore:
        if (c.peer_closed) return close_connection(fd);
        if (c.parser.in_message() && c.phase == Connection::Phase::Idle) {
          c.phase = Connection::Phase::Head;
          c.deadline = Clock::now() + config.limits.head_timeout;
        }
        return;
      case RequestParser::Step::Head:
        return dispatch(it, c.parser.take_head());
      case RequestParser::Step::Failed: {
        counters.requests++;
        counters.rejected_malformed++;
        count_response(c.parser.error_status());
        return answer_and_linger(c, error_response(c.parser.error_status(), c.parser.error_reason(), true));
      }
      case RequestParser::Step::Body:
      case RequestParser::Step::MessageEnd:
        return close_connection(fd);  // not reached: a head is always dispatched first
    }
  }

  void dispatch(std::unordered_map<int, std::unique_ptr<Connection>>::iterator it, Request request) {
    Connection& c = *it->second;
    counters.requests++;
    auto arrived = Clock::now();
    if (counters.in_flight >= config.max_in_flight) {
      counters.rejected_overload++;
      log(request, 503, 0, arrived);
      std::string retry = "Retry-After: " + std::to_string(config.retry_after_seconds) + "\r\n";
      return answer_and_linger(c, error_response(503, "the server is at its concurrency limit; retry later", true, retry));
    }
    forget(c.fd);
    c.phase = Connection::Phase::Dispatched;
    counters.in_flight++;
    {
      std::lock_guard lock(mutex);
      jobs.push_back(Job{std::move(it->second), std::move(request), arrived});
    }
    connections.erase(it);
    work_ready.notify_one();
  }

  void take_returned() {
    uint64_t count;
    [[maybe_unused]] ssize_t n = ::read(wake_fd, &count, sizeof count);
    std::vector<std::unique_ptr<Connection>> back;
    {
      std::lock_guard lock(mutex);
      back.swap(returned);
    }
    for (auto& c : back) {
      if (draining) {
        counters.open--;
        continue;
      }
      int fd = c->fd;
      c->phase = Connection::Phase::Idle;
      c->deadline = Clock::now() + config.limits.idle_timeout;
      watch(*c);
      connections.emplace(fd, std::move(c));
      process(fd);  // a pipelined request may be waiting in the buffer already
    }
  }

  void sweep() {
    auto now = Clock::now();
    std::vector<int> due;
    for (auto& [fd, c] : connections)
      if (now >= c->deadline) due.push_back(fd);
    for (int fd : due) {
      Connection& c = *connections.at(fd);
      if (c.phase == Connection::Phase::Head) {
        counters.head_timeouts++;
        count_response(408);
        answer_and_linger(c, error_response(408, "the request head took too long to arrive", true));
      } else {
        close_connection(fd);
      }
    }
  }

  void begin_drain() {
    draining = true;
    forget(listen_fd);
    ::close(listen_fd);
    listen_fd = -1;
    std::vector<int> fds;
    for (auto& [fd, c] : connections) fds.push_back(fd);
    for (int fd : fds) close_connection(fd);
  }

  void loop() {
    std::vector<struct epoll_event> events(256);
    auto next_sweep = Clock::now() + kSweepInterval;
    Clock::time_point drain_deadline{};
    for (;;) {
      if (stop_requested && !draining) {
        begin_drain();
        drain_deadline = Clock::now() + config.shutdown_grace;
      }
      if (draining && (counters.in_flight == 0 || Clock::now() >= drain_deadline)) return;
      int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), static_cast<int>(kSweepInterval.count()));
      for (int i = 0; i < n; ++i) {
        int fd = events[i].data.fd;
        if (fd == listen_fd) {
          accept_all();
        } else if (fd == wake_fd) {
          take_returned();
        } else if (auto it = connections.find(fd); it != connections.end()) {
          receive(*it->second);
          process(fd);
        }
      }
      if (Clock::now() >= next_sweep) {
        sweep();
        next_sweep = Clock::now() + kSweepInterval;
      }
    }
  }

  // ---- the workers ----

  void serve_one(Job& job) {
    Connection& c = *job.connection;
    Exchange exchange(c, std::move(job.request), config.limits, stop_requested);
    try {
      handler.handle(exchange);
    } catch (...) {
      exchange.abort();
    }
    if (!exchange.response_started()) {
      (void)exchange.respond(500, {}, "the handler gave no response");
    } else if (!exchange.response_finished()) {
      exchange.abort();
    }
    exchange.flush_all();
    bool keep = exchange.keep_alive() && exchange.response_finished() && !exchange.broken() && !stop_requested &&
                exchange.drain_body(kMaxDrainBytes);
    log(exchange.request(), exchange.status(), exchange.body_bytes_sent(), job.arrived);
    counters.in_flight--;
    if (keep) {
      {
        std::lock_guard lock(mutex);
        returned.push_back(std::move(job.connection));
      }
    } else {
      job.connection.reset();
      counters.open--;
    }
    wake();  // also tells a draining loop that a request ended
  }

  void worker() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex);
        work_ready.wait(lock, [&] { return workers_stop || !jobs.empty(); });
        if (jobs.empty()) return;
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      serve_one(job);
    }
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() {
  if (g_signal_target == this) g_signal_target = nullptr;
}

Result<std::unique_ptr<Server>> Server::bind(ServerConfig config, Handler& handler) {
  auto impl = std::make_unique<Impl>(std::move(config), handler);
  const ServerConfig& c = impl->config;
  struct addrinfo hints{}, *found = nullptr;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  std::string port = std::to_string(c.port);
  if (int rc = ::getaddrinfo(c.host.empty() ? nullptr : c.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return Error(ErrorKind::Config, "cannot resolve the listen address '" + c.host + "': " + gai_strerror(rc));
  std::unique_ptr<struct addrinfo, decltype(&freeaddrinfo)> guard(found, freeaddrinfo);
  int fd = ::socket(found->ai_family, found->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return os_error("socket");
  impl->listen_fd = fd;
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, found->ai_addr, found->ai_addrlen) < 0) return os_error("cannot listen on " + c.host + ":" + port);
  if (::listen(fd, 1024) < 0) return os_error("listen");
  struct sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  ::getsockname(fd, reinterpret_cast<struct sockaddr*>(&bound), &len);
  impl->port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(bound).sin6_port
                                                 : reinterpret_cast<sockaddr_in&>(bound).sin_port);
  impl->epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  impl->wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (impl->epoll_fd < 0 || impl->wake_fd < 0) return os_error("epoll");
  for (int watched : {impl->listen_fd, impl->wake_fd}) {
    struct epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = watched;
    ::epoll_ctl(impl->epoll_fd, EPOLL_CTL_ADD, watched, &ev);
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

uint16_t Server::port() const { return impl_->port; }

std::string Server::url() const {
  const std::string& host = impl_->config.host;
  bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port) + "/";
}

Result<void> Server::run() {
  unsigned n = impl_->config.workers ? impl_->config.workers : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < n; ++i) impl_->workers.emplace_back([this] { impl_->worker(); });
  impl_->loop();
  {
    std::lock_guard lock(impl_->mutex);
    impl_->workers_stop = true;
  }
  impl_->work_ready.notify_all();
  for (auto& t : impl_->workers) t.join();
  impl_->workers.clear();
  return {};
}

void Server::shutdown() {
  impl_->stop_requested = true;
  impl_->wake();
}

void Server::shutdown_on_signals() {
  g_signal_target = this;
  struct sigaction sa{};
  sa.sa_handler = [](int) {
    if (Server* s = g_signal_target.load()) s->shutdown();
  };
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

ServerStats Server::stats() const {
  auto& k = impl_->counters;
  ServerStats s;
  s.connections_accepted = k.accepted;
  s.connections_open = k.open;
  s.requests = k.requests;
  s.in_flight = k.in_flight;
  for (int i = 0; i < 6; ++i) s.responses_by_class[i] = k.by_class[i];
  s.rejected_overload = k.rejected_overload;
  s.rejected_malformed = k.rejected_malformed;
  s.head_timeouts = k.head_timeouts;
  s.body_bytes_sent = k.body_bytes;
  return s;
}

}  // namespace stratus::http
