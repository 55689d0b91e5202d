#include "wasi/http/client.hpp"

#include <curl/curl.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <mutex>

#include "wasi/clocks.hpp"
#include "wasi/http/error_code.hpp"
#include "wasi/http/fields.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi::http {
namespace {

uint64_t now_monotonic() { return now_ns(CLOCK_MONOTONIC).value_or(0); }

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_ALL); });
}

WitErrorCode error_code_of(CURLcode code, bool connected) {
  const std::string text = curl_easy_strerror(code);
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return WitErrorCode::dns_error({text, std::nullopt});
    case CURLE_COULDNT_CONNECT: return WitErrorCode::connection_refused();
    case CURLE_OPERATION_TIMEDOUT:
      return connected ? WitErrorCode::connection_read_timeout() : WitErrorCode::connection_timeout();
    case CURLE_SSL_CONNECT_ERROR: return WitErrorCode::tls_protocol_error();
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR: return WitErrorCode::tls_certificate_error();
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT: return WitErrorCode::http_request_uri_invalid();
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: return WitErrorCode::http_response_incomplete();
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR: return WitErrorCode::connection_terminated();
    case CURLE_WEIRD_SERVER_REPLY: return WitErrorCode::http_protocol_error();
    default: return WitErrorCode::internal_error(text);
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// One request. Callbacks run only inside the curl calls drive() and the bodies make, on the
// guest's thread.
class Transfer {
 public:
  static std::variant<std::shared_ptr<Transfer>, WitErrorCode> create(ClientRequest request);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Lets curl act on whatever is ready; never blocks.
  void drive();
  p2::PollTarget wait_target() const { return p2::FdReadiness{epoll_.get(), POLLIN}; }

  // The response head, once it is there.
  bool head_ready() const { return head_ready_; }
  uint16_t status() const { return status_; }
  FieldList take_headers() { return std::move(headers_); }
  const std::optional<WitErrorCode>& failure() const { return failure_; }
  bool done() const { return done_; }

  // The response body.
  size_t buffered() const { return body_.size() - body_offset_; }
  std::vector<uint8_t> take_body(size_t max);
  const FieldList& trailers() const { return trailers_; }

  // The upload.
  size_t upload_room() const { return kClientBufferBytes - std::min(kClientBufferBytes, upload_.size()); }
  void push_upload(std::span<const uint8_t> bytes);
  void finish_upload(std::optional<FieldList> trailers);
  bool upload_finished() const { return upload_finished_; }
  // The sender failed: the request fails, with no response.
  void abandon_upload() {
    if (!done_) fail(WitErrorCode::internal_error(std::string("the request body's sender failed")));
  }

 private:
  Transfer() = default;

  static size_t on_header(char* data, size_t size, size_t n, void* self);
  static size_t on_body(char* data, size_t size, size_t n, void* self);
  static size_t on_upload(char* data, size_t size, size_t n, void* self);
  static int on_upload_trailers(curl_slist** list, void* self);
  static int on_socket(CURL*, curl_socket_t s, int what, void* self, void*);
  static int on_timer(CURLM*, long timeout_ms, void* self);

  void header_line(std::string_view line);
  void fail(WitErrorCode code);
  void update_pause();
  void arm_timer();
  void read_messages();

  CURLM* multi_ = nullptr;
  CURL* easy_ = nullptr;
  curl_slist* header_list_ = nullptr;
  UniqueFd epoll_;
  UniqueFd timer_;
  std::string url_, method_;
  ClientTimeouts timeouts_;
  std::optional<uint64_t> curl_deadline_;
  uint64_t started_ns_ = 0;
  uint64_t last_progress_ns_ = 0;

  bool head_ready_ = false;
  uint16_t status_ = 0;
  FieldList headers_;
  size_t header_bytes_ = 0;
  FieldList trailers_;
  std::optional<WitErrorCode> failure_;
  bool done_ = false;

  std::string body_;
  size_t body_offset_ = 0;
  bool recv_paused_ = false;

  std::string upload_;
  bool upload_finished_ = false;
  FieldList upload_trailers_;
  bool send_paused_ = false;
};

std::variant<std::shared_ptr<Transfer>, WitErrorCode> Transfer::create(ClientRequest request) {
  init_curl_once();
  std::shared_ptr<Transfer> t(new Transfer());
  t->epoll_ = UniqueFd(epoll_create1(EPOLL_CLOEXEC));
  t->timer_ = UniqueFd(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
  t->multi_ = curl_multi_init();
  t->easy_ = curl_easy_init();
  if (!t->epoll_.valid() || !t->timer_.valid() || !t->multi_ || !t->easy_)
    return WitErrorCode::internal_error("cannot set up an HTTP client transfer");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = t->timer_.get();
  epoll_ctl(t->epoll_.get(), EPOLL_CTL_ADD, t->timer_.get(), &ev);

  t->url_ = std::move(request.url);
  t->method_ = std::move(request.method);
  t->timeouts_ = request.timeouts;
  CURL* e = t->easy_;
  curl_easy_setopt(e, CURLOPT_URL, t->url_.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::max<uint64_t>(1, request.timeouts.connect_ns / 1'000'000)));
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
  if (t->method_ == "HEAD") curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  else if (t->method_ != "GET" || request.has_body) curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, t->method_.c_str());
  if (request.has_body) {
    curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(e, CURLOPT_READFUNCTION, &Transfer::on_upload);
    curl_easy_setopt(e, CURLOPT_READDATA, t.get());
    if (request.content_length)
      curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(*request.content_length));
    // Sent after the last chunk of a chunked upload (a Content-Length upload has no place for them).
    curl_easy_setopt(e, CURLOPT_TRAILERFUNCTION, &Transfer::on_upload_trailers);
    curl_easy_setopt(e, CURLOPT_TRAILERDATA, t.get());
  } else {
    t->upload_finished_ = true;
  }
  bool has_expect = false;
  for (const auto& [name, value] : request.headers) {
    if (field_names_equal(name, "expect")) has_expect = true;
    // curl sends "Name;" as a header with an empty value ("Name:" would remove it).
    const std::string line = value.empty() ? name + ";" : name + ": " + value;
    t->header_list_ = curl_slist_append(t->header_list_, line.c_str());
  }
  // Never wait for a 100 Continue the guest did not ask for.
  if (!has_expect) t->header_list_ = curl_slist_append(t->header_list_, "Expect:");
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->header_list_);

  curl_multi_setopt(t->multi_, CURLMOPT_SOCKETFUNCTION, &Transfer::on_socket);
  curl_multi_setopt(t->multi_, CURLMOPT_SOCKETDATA, t.get());
  curl_multi_setopt(t->multi_, CURLMOPT_TIMERFUNCTION, &Transfer::on_timer);
  curl_multi_setopt(t->multi_, CURLMOPT_TIMERDATA, t.get());
  t->started_ns_ = now_monotonic();
  if (curl_multi_add_handle(t->multi_, e) != CURLM_OK) return WitErrorCode::internal_error("curl_multi_add_handle failed");
  t->drive();
  return t;
}

Transfer::~Transfer() {
  if (multi_ && easy_) curl_multi_remove_handle(multi_, easy_);
  if (easy_) curl_easy_cleanup(easy_);
  if (multi_) curl_multi_cleanup(multi_);
  curl_slist_free_all(header_list_);
}

void Transfer::drive() {
  if (done_) return;
  epoll_event events[16];
  const int n = epoll_wait(epoll_.get(), events, 16, 0);
  int running = 0;
  for (int i = 0; i < n && !done_; ++i) {
    const int fd = events[i].data.fd;
    if (fd == timer_.get()) {
      uint64_t expirations;
      (void)!::read(fd, &expirations, sizeof expirations);
      continue;
    }
    int flags = 0;
    if (events[i].events & EPOLLIN) flags |= CURL_CSELECT_IN;
    if (events[i].events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
    if (events[i].events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
    curl_multi_socket_action(multi_, fd, flags, &running);
  }
  const uint64_t now = now_monotonic();
  if (!done_ && curl_deadline_ && *curl_deadline_ <= now) {
    curl_deadline_.reset();
    curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
  }
  read_messages();
  if (!done_ && !head_ready_ && now - started_ns_ > timeouts_.first_byte_ns) fail(WitErrorCode::connection_read_timeout());
  if (!done_ && head_ready_ && !recv_paused_ && now - last_progress_ns_ > timeouts_.between_bytes_ns)
    fail(WitErrorCode::connection_read_timeout());
  arm_timer();
}

void Transfer::read_messages() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    done_ = true;
    if (msg->data.result != CURLE_OK && !failure_) {
      curl_off_t connect_us = 0;
      curl_easy_getinfo(easy_, CURLINFO_CONNECT_TIME_T, &connect_us);
      failure_ = error_code_of(msg->data.result, connect_us > 0);
    }
    if (!head_ready_ && !failure_) failure_ = WitErrorCode::http_response_incomplete();
  }
}

void Transfer::fail(WitErrorCode code) {
  if (!failure_) failure_ = std::move(code);
  done_ = true;
  curl_multi_remove_handle(multi_, easy_);
  arm_timer();
}

void Transfer::arm_timer() {
  std::optional<uint64_t> next = curl_deadline_;
  auto sooner = [&](uint64_t t) { next = next ? std::min(*next, t) : t; };
  if (!done_ && !head_ready_) sooner(started_ns_ + timeouts_.first_byte_ns);
  if (!done_ && head_ready_ && !recv_paused_) sooner(last_progress_ns_ + timeouts_.between_bytes_ns);
  itimerspec spec{};
  if (done_) {
    // The transfer's sockets have left the epoll set, so the set would never be ready again
    // for a waiter that started before the end (a 0.3 host pump watches it once): a timer
    // already due keeps it readable from now on (drive() no longer reads it).
    spec.it_value.tv_nsec = 1;
  } else if (next) {
    const uint64_t at = std::max<uint64_t>(*next, 1);
    spec.it_value.tv_sec = static_cast<time_t>(at / 1'000'000'000);
    spec.it_value.tv_nsec = static_cast<long>(at % 1'000'000'000);
  }
  timerfd_settime(timer_.get(), TFD_TIMER_ABSTIME, &spec, nullptr);
}

int Transfer::on_socket(CURL*, curl_socket_t s, int what, void* self, void*) {
  auto* t = static_cast<Transfer*>(self);
  if (what == CURL_POLL_REMOVE) {
    epoll_ctl(t->epoll_.get(), EPOLL_CTL_DEL, s, nullptr);
    return 0;
  }
  epoll_event ev{};
  ev.data.fd = s;
  if (what & CURL_POLL_IN) ev.events |= EPOLLIN;
  if (what & CURL_POLL_OUT) ev.events |= EPOLLOUT;
  if (epoll_ctl(t->epoll_.get(), EPOLL_CTL_MOD, s, &ev) != 0) epoll_ctl(t->epoll_.get(), EPOLL_CTL_ADD, s, &ev);
  return 0;
}

int Transfer::on_timer(CURLM*, long timeout_ms, void* self) {
  auto* t = static_cast<Transfer*>(self);
  if (timeout_ms < 0) t->curl_deadline_.reset();
  else t->curl_deadline_ = now_monotonic() + static_cast<uint64_t>(timeout_ms) * 1'000'000;
  return 0;
}

size_t Transfer::on_header(char* data, size_t size, size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const size_t bytes = size * n;
  t->last_progress_ns_ = now_monotonic();
  t->header_line(std::string_view(data, bytes));
  return t->failure_ ? 0 : bytes;  // 0 ends the transfer
}

void Transfer::header_line(std::string_view line) {
  if (!head_ready_ && line.starts_with("HTTP/")) {
    headers_.clear();
    header_bytes_ = 0;
    const size_t space = line.find(' ');
    unsigned status = 0;
    if (space != std::string_view::npos) std::from_chars(line.data() + space + 1, line.data() + line.size(), status);
    status_ = static_cast<uint16_t>(status);
    return;
  }
  if (trim(line).empty()) {
    // The end of a head: a 1xx is followed by another.
    if (!head_ready_ && status_ >= 200) head_ready_ = true;
    return;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  std::string name(trim(line.substr(0, colon)));
  std::string value(trim(line.substr(colon + 1)));
  FieldList& target = head_ready_ ? trailers_ : headers_;
  header_bytes_ += name.size() + value.size();
  if (target.size() >= kMaxFieldEntries || header_bytes_ > kMaxFieldBytes) {
    failure_ = head_ready_ ? WitErrorCode::http_response_trailer_section_size(std::nullopt)
                           : WitErrorCode::http_response_header_section_size(std::nullopt);
    return;
  }
  target.emplace_back(std::move(name), std::move(value));
}

size_t Transfer::on_body(char* data, size_t size, size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const size_t bytes = size * n;
  if (t->buffered() > 0 && t->buffered() + bytes > kClientBufferBytes) {
    t->recv_paused_ = true;  // curl hands these bytes again once unpaused
    return CURL_WRITEFUNC_PAUSE;
  }
  if (t->body_offset_ > 0 && t->body_offset_ == t->body_.size()) {
    t->body_.clear();
    t->body_offset_ = 0;
  }
  t->body_.append(data, bytes);
  t->last_progress_ns_ = now_monotonic();
  return bytes;
}

size_t Transfer::on_upload(char* data, size_t size, size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  if (t->upload_.empty()) {
    if (t->upload_finished_) return 0;
    t->send_paused_ = true;
    return CURL_READFUNC_PAUSE;
  }
  const size_t bytes = std::min(size * n, t->upload_.size());
  std::copy_n(t->upload_.data(), bytes, data);
  t->upload_.erase(0, bytes);
  return bytes;
}

int Transfer::on_upload_trailers(curl_slist** list, void* self) {
  auto* t = static_cast<Transfer*>(self);
  for (const auto& [name, value] : t->upload_trailers_) *list = curl_slist_append(*list, (name + ": " + value).c_str());
  return CURL_TRAILERFUNC_OK;
}

void Transfer::update_pause() {
  if (done_) return;
  const int mask = (recv_paused_ ? CURLPAUSE_RECV : 0) | (send_paused_ ? CURLPAUSE_SEND : 0);
  curl_easy_pause(easy_, mask);
}

std::vector<uint8_t> Transfer::take_body(size_t max) {
  const size_t n = std::min(max, buffered());
  std::vector<uint8_t> out(body_.begin() + static_cast<std::ptrdiff_t>(body_offset_),
                           body_.begin() + static_cast<std::ptrdiff_t>(body_offset_ + n));
  body_offset_ += n;
  if (body_offset_ == body_.size()) {
    body_.clear();
    body_offset_ = 0;
  } else if (body_offset_ > kClientBufferBytes) {
    body_.erase(0, body_offset_);
    body_offset_ = 0;
  }
  if (recv_paused_ && buffered() < kClientBufferBytes / 2) {
    recv_paused_ = false;
    last_progress_ns_ = now_monotonic();
    update_pause();  // may hand over more bytes at once
  }
  return out;
}

void Transfer::push_upload(std::span<const uint8_t> bytes) {
  upload_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (send_paused_) {
    send_paused_ = false;
    update_pause();
  }
}

void Transfer::finish_upload(std::optional<FieldList> trailers) {
  if (trailers) upload_trailers_ = std::move(*trailers);
  upload_finished_ = true;
  if (send_paused_) {
    send_paused_ = false;
    update_pause();
  }
}

class ClientResponseBody final : public IncomingBody {
 public:
  explicit ClientResponseBody(std::shared_ptr<Transfer> t) : t_(std::move(t)) {}
  p2::StreamResult<std::vector<uint8_t>> read(uint64_t max) override {
    t_->drive();
    if (t_->buffered() > 0) return t_->take_body(static_cast<size_t>(std::min<uint64_t>(max, p2::kMaxReadBytes)));
    if (t_->failure()) return p2::StreamError::failed("the response body failed: " + describe(*t_->failure()));
    if (t_->done()) return p2::StreamError::closed();
    return std::vector<uint8_t>{};
  }
  p2::PollTarget readiness() override {
    if (t_->buffered() > 0 || t_->done()) return p2::ReadyNow{};
    return t_->wait_target();
  }
  std::optional<FieldList> trailers() override {
    if (!t_->done() || t_->failure()) return std::nullopt;
    return t_->trailers();
  }

 private:
  std::shared_ptr<Transfer> t_;
};

class ClientPendingResponse final : public PendingResponse {
 public:
  explicit ClientPendingResponse(std::shared_ptr<Transfer> t) : t_(std::move(t)) {}
  std::optional<Outcome> poll() override {
    t_->drive();
    if (t_->head_ready()) {
      auto response = std::make_unique<IncomingResponseObject>();
      response->status = t_->status();
      response->headers = t_->take_headers();
      response->body = std::make_shared<ClientResponseBody>(t_);
      return Outcome(std::move(response));
    }
    if (t_->failure()) return Outcome(*t_->failure());
    return std::nullopt;
  }
  p2::PollTarget readiness() override { return t_->done() ? p2::PollTarget(p2::ReadyNow{}) : t_->wait_target(); }

 private:
  std::shared_ptr<Transfer> t_;
};

class UploadSink final : public ResponseSink {
 public:
  explicit UploadSink(std::shared_ptr<Transfer> t) : t_(std::move(t)) {}
  Result<void> start(uint16_t, const FieldList&) override { return {}; }
  p2::StreamResult<uint64_t> check_write() override {
    t_->drive();
    if (t_->failure()) return p2::StreamError::failed("the request failed: " + describe(*t_->failure()));
    if (t_->done() || t_->upload_finished()) return p2::StreamError::closed();
    return uint64_t{t_->upload_room()};
  }
  p2::StreamStatus write(std::span<const uint8_t> bytes) override {
    if (bytes.size() > t_->upload_room()) return p2::StreamError::failed(p2::write_exceeds_permit(bytes.size(), t_->upload_room()));
    t_->push_upload(bytes);
    return std::monostate{};
  }
  p2::StreamStatus flush() override { return std::monostate{}; }
  p2::PollTarget readiness() override {
    if (t_->upload_room() > 0 || t_->done()) return p2::ReadyNow{};
    return t_->wait_target();
  }
  Result<void> finish(const std::optional<FieldList>& trailers) override {
    t_->finish_upload(trailers);
    return {};
  }
  void abandon() override { t_->abandon_upload(); }

 private:
  std::shared_ptr<Transfer> t_;
};

}  // namespace

std::variant<StartedRequest, WitErrorCode> start_request(ClientRequest request) {
  auto created = Transfer::create(std::move(request));
  if (created.index() == 1) return std::get<1>(std::move(created));
  auto transfer = std::get<0>(std::move(created));
  return StartedRequest{std::make_unique<ClientPendingResponse>(transfer), std::make_shared<UploadSink>(transfer)};
}

}  // namespace stratus::wasi::http
