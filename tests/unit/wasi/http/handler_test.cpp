// handle_request end to end: componentize-js handlers (build_handlers.py, built at test
// time) run one exchange each over the in-memory IncomingBody and ResponseSink.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <map>
#include <memory>
#include <string>

#include "loopback_server.hpp"
#include "memory_exchange.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"
#include "wasi/http/proxy.hpp"

namespace stratus::wasi::http {
namespace {

using testing::MemoryIncomingBody;
using testing::MemoryResponseSink;

std::string field(const FieldList& fields, std::string_view name) {
  for (const auto& [n, v] : fields)
    if (n == name) return v;
  return "<absent>";
}

class HandlerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    engine_ = new Engine();
    linker_ = new component::Linker(*engine_);
    auto linked = add_to_linker(*linker_);
    ASSERT_TRUE(linked) << linked.error().message();
    linking_ = new ProxyLinking(*linked);
  }
  static void TearDownTestSuite() {
    components_.clear();
    delete linking_;
    delete linker_;
    delete engine_;
  }

  static const component::Component& handler(const std::string& name) {
    auto it = components_.find(name);
    if (it == components_.end()) {
      auto compiled = component::Component::from_file(*engine_, std::string(STRATUS_HTTP_HANDLER_DIR) + "/" + name + ".wasm");
      EXPECT_TRUE(compiled) << compiled.error().message();
      it = components_.emplace(name, std::move(*compiled)).first;
    }
    return it->second;
  }

  // One exchange on a fresh instance in a fresh Store, as a server runs each request.
  // With `interrupt_when`, another thread interrupts the Store once it holds (as a server's
  // request timeout would), and is joined before the Store ends.
  HandleOutcome run(const std::string& name, RequestHead head, std::shared_ptr<IncomingBody> body,
                    std::shared_ptr<ResponseSink> sink, const std::function<bool()>& interrupt_when = nullptr,
                    bool outgoing_http = true) {
    p2::WasiP2Config config;
    config.stdout_fd = -1;
    config.network.outgoing_http = outgoing_http;
    auto ctx = p2::WasiP2Ctx::create(config);
    EXPECT_TRUE(ctx) << ctx.error().message();
    Store store(*engine_);
    store.set_user_data(ctx->get());
    auto instance = linker_->instantiate(store, handler(name));
    EXPECT_TRUE(instance) << instance.error().message();
    if (!instance) return {};
    std::atomic<bool> returned{false};
    std::thread interrupter;
    if (interrupt_when)
      interrupter = std::thread([&] {
        while (!returned.load() && !interrupt_when()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        store.interrupt();
      });
    auto outcome = handle_request(store, *instance, *linking_, std::move(head), std::move(body), std::move(sink));
    returned.store(true);
    if (interrupter.joinable()) interrupter.join();
    EXPECT_TRUE(outcome) << outcome.error().message();
    return outcome ? *outcome : HandleOutcome{};
  }

  static RequestHead head(std::string method, std::string path, FieldList headers = {}) {
    return RequestHead{std::move(method), "http", "127.0.0.1:8080", std::move(path), std::move(headers)};
  }

  static Engine* engine_;
  static component::Linker* linker_;
  static ProxyLinking* linking_;
  static std::map<std::string, component::Component> components_;
};

Engine* HandlerTest::engine_ = nullptr;
component::Linker* HandlerTest::linker_ = nullptr;
ProxyLinking* HandlerTest::linking_ = nullptr;
std::map<std::string, component::Component> HandlerTest::components_;

TEST_F(HandlerTest, Hello) {
  auto sink = std::make_shared<MemoryResponseSink>();
  auto outcome = run("http-hello", head("GET", "/"), std::make_shared<MemoryIncomingBody>(std::deque<std::string>{}), sink);
  EXPECT_EQ(outcome.kind, HandleOutcome::Kind::Responded) << outcome.message;
  EXPECT_TRUE(outcome.body_complete) << outcome.message;
  EXPECT_EQ(sink->status, 200);
  EXPECT_EQ(field(sink->headers, "x-handler"), "hello");
  EXPECT_EQ(sink->body, "hello from js\n");
  EXPECT_TRUE(sink->finished);
}

// The minimal C reactor (bench/serve's component row): its hand-written glue lowers the
// headers, the response and the body write as the host lifts them.
TEST_F(HandlerTest, HelloInCOnHandWrittenGlue) {
  auto sink = std::make_shared<MemoryResponseSink>();
  auto outcome = run("http-hello-c", head("GET", "/"), std::make_shared<MemoryIncomingBody>(std::deque<std::string>{}), sink);
  EXPECT_EQ(outcome.kind, HandleOutcome::Kind::Responded) << outcome.message;
  EXPECT_TRUE(outcome.body_complete) << outcome.message;
  EXPECT_EQ(sink->status, 200);
  EXPECT_EQ(field(sink->headers, "content-type"), "text/plain");
  EXPECT_EQ(field(sink->headers, "content-length"), "14");
  EXPECT_EQ(sink->body, "Hello, World!\n");
  EXPECT_TRUE(sink->finished);
}

TEST_F(HandlerTest, TheCFaultsHandlerTrapsBeforeAnsweringAndAnswersOtherwise) {
  auto sink = std::make_shared<MemoryResponseSink>();
  auto outcome = run("http-faults-c", head("GET", "/trap"), std::make_shared<MemoryIncomingBody>(std::deque<std::string>{}), sink);
  EXPECT_EQ(outcome.kind, HandleOutcome::Kind::Trapped) << outcome.message;
  EXPECT_FALSE(outcome.response_started);
  EXPECT_TRUE(outcome.trap);
  sink = std::make_shared<MemoryResponseSink>();
  outcome = run("http-faults-c", head("GET", "/ok"), std::make_shared<MemoryIncomingBody>(std::deque<std::string>{}), sink);
  EXPECT_EQ(outcome.kind, HandleOutcome::Kind::Responded) << outcome.message;
  EXPECT_EQ(sink->body, "ok\n");
}

TEST_F(HandlerTest, EchoesATenMegabyteBodyAsAStream) {
  constexpr size_t kChunk = 64 * 1024, kChunks = 160;  // 10 MiB
  std::deque<std::string> chunks;
  std::string expected;
  for (size_t i = 0; i < kChunks; ++i) {
    chunks.emplace_back(kChunk, static_cast<char>('a' + i % 26));
    expected += chunks.back();
  }
  auto sink = std::make_shared<MemoryResponseSink>();
  auto outcome = run("http-echo", head("POST", "/echo?x=1"), std::make_shared<MemoryIncomingBody>(std::move(chunks)), sink);
  EXPECT_EQ(outcome.kind, HandleOutcome::Kind::Responded) << outcome.message;
  EXPECT_TRUE(outcome.body_complete) << outcome.message;
  EXPECT_EQ(field(sink->headers, "x-method"), "POST");
  EXPECT_EQ(field(sink->headers, "x-path"), "/echo?x=1");
  EXPECT_EQ(sink->body.size(), expected.size());
  EXPECT_TRUE(sink->body == expected);
}

TEST_F(HandlerTest, HeadersAndTrailersRoundTrip) {
  auto sink = std::make_shared<MemoryResponseSink>();
  auto body = std::make_shared<MemoryIncomingBody>(std::deque<std::string>{"abc", "defg"}, FieldList{{"X-Sum", "42"}});
  auto outcome =
      run("http-trailers", head("PUT", "/t", {{"X-A", "1"}, {"x-b", "two"}, {"content-type", "text/plain"}}), body, sink);
  EXPECT_EQ(outcome.kind, HandleOutcome::Kind::Responded) << outcome.message;
  EXPECT_TRUE(outcome.body_complete) << outcome.message;
  EXPECT_EQ(sink->status, 200);
  EXPECT_EQ(field(sink->headers, "echo-x-a"), "1");
  EXPECT_EQ(field(sink->headers, "echo-x-b"), "two");
  EXPECT_EQ(field(sink->headers, "echo-content-type"), "<absent>");
  EXPECT_EQ(sink->body, "7 bytes");
  ASSERT_TRUE(sink->trailers);
  EXPECT_EQ(field(*sink->trailers, "echo-x-sum"), "42");
  EXPECT_EQ(field(*sink->trailers, "x-body-bytes"), "7");
}

TEST_F(HandlerTest, MakesAnOutgoingRequestToALoopbackServer) {
  testing::LoopbackServer upstream("HTTP/1.1 202 Accepted\r\nContent-Length: 4\r\nX-Reply: pong\r\n\r\npong");
  auto sink = std::make_shared<MemoryResponseSink>();
  auto outcome = run("http-outgoing", head("GET", "/", {{"x-upstream", upstream.url("/up")}}),
                     std::make_shared<MemoryIncomingBody>(std::deque<std::string>{}), sink);
  EXPECT_EQ(outcome.kind, HandleOutcome::Kind::Responded) << outcome.message;
  EXPECT_TRUE(outcome.body_complete) << outcome.message;
  EXPECT_EQ(sink->body, "upstream said 202: pong");
  EXPECT_EQ(field(sink->headers, "x-upstream-reply"), "pong");
  EXPECT_NE(upstream.request().find("POST /up HTTP/1.1"), std::string::npos) << upstream.request();
  EXPECT_NE(upstream.request().find("x-from: guest"), std::string::npos) << upstream.request();
  EXPECT_EQ(upstream.body(), "ping from the guest");
}

// Without the grant (`stratus run` without -S http) the request never leaves the host: the
// guest's fetch fails with HTTP-request-denied (StarlingMonkey answers 500 for the uncaught
// error) and no upstream reply reaches the response.
TEST_F(HandlerTest, AnOutgoingRequestWithoutTheGrantIsDenied) {
  testing::LoopbackServer upstream("HTTP/1.1 202 Accepted\r\nContent-Length: 4\r\n\r\npong");
  auto sink = std::make_shared<MemoryResponseSink>();
  auto outcome = run("http-outgoing", head("GET", "/", {{"x-upstream", upstream.url("/up")}}),
                     std::make_shared<MemoryIncomingBody>(std::deque<std::string>{}), sink, nullptr,
                     /*outgoing_http=*/false);
  EXPECT_EQ(sink->body.find("upstream said"), std::string::npos) << sink->body << outcome.message;
  EXPECT_FALSE(upstream.received());
}

// A guest waiting on an upstream that never answers is still ended by its Store's deadline
// (here Store::interrupt once the upstream has the request).
TEST_F(HandlerTest, AStalledOutgoingRequestYieldsToTheStoresDeadline) {
  testing::LoopbackServer silent("");
  auto sink = std::make_shared<MemoryResponseSink>();
  auto outcome = run("http-outgoing", head("GET", "/", {{"x-upstream", silent.url("/stall")}}),
                     std::make_shared<MemoryIncomingBody>(std::deque<std::string>{}), sink,
                     [&] { return silent.received(); });
  EXPECT_EQ(outcome.kind, HandleOutcome::Kind::Trapped) << outcome.message;
  ASSERT_TRUE(outcome.trap);
  ASSERT_TRUE(outcome.trap->trap());
  EXPECT_EQ(outcome.trap->trap()->kind(), TrapKind::Interrupt);
  EXPECT_FALSE(sink->started);
}

struct FaultCase {
  const char* path;
  HandleOutcome::Kind kind;
  bool response_started;
  const char* message_part;
};

// What a server needs to tell a guest's failures apart: whether it may still answer 500, or
// must cut a started response short.
TEST_F(HandlerTest, FailuresAreOutcomes) {
  const FaultCase cases[] = {
      {"/none", HandleOutcome::Kind::NoResponse, false, "without calling response-outparam.set"},
      {"/error-code", HandleOutcome::Kind::ErrorCode, false, "internal-error: the guest says no"},
      {"/throw", HandleOutcome::Kind::Trapped, false, ""},
      {"/unfinished", HandleOutcome::Kind::Responded, true, "did not finish the response body"},
      {"/short", HandleOutcome::Kind::Responded, true, "did not finish the response body"},
  };
  for (const FaultCase& c : cases) {
    SCOPED_TRACE(c.path);
    auto sink = std::make_shared<MemoryResponseSink>();
    auto outcome = run("http-faults", head("GET", c.path), std::make_shared<MemoryIncomingBody>(std::deque<std::string>{}), sink);
    EXPECT_EQ(outcome.kind, c.kind) << outcome.message;
    EXPECT_EQ(outcome.response_started, c.response_started);
    EXPECT_EQ(sink->started, c.response_started);
    EXPECT_FALSE(outcome.body_complete);
    EXPECT_FALSE(sink->finished);
    EXPECT_NE(outcome.message.find(c.message_part), std::string::npos) << outcome.message;
    if (c.kind == HandleOutcome::Kind::Trapped) EXPECT_TRUE(outcome.trap);
  }
  // The same component answers when nothing goes wrong.
  auto sink = std::make_shared<MemoryResponseSink>();
  auto outcome = run("http-faults", head("GET", "/fine"), std::make_shared<MemoryIncomingBody>(std::deque<std::string>{}), sink);
  EXPECT_TRUE(outcome.body_complete) << outcome.message;
  EXPECT_EQ(sink->body, "abc");
}

// The handlers export incoming-handler@0.2.10 (StarlingMonkey's); an instance without one is
// the embedder's error, naming the world to build for.
TEST_F(HandlerTest, FindsTheHandlerOfAnyZeroTwoPatch) {
  p2::WasiP2Config config;
  auto ctx = p2::WasiP2Ctx::create(config);
  ASSERT_TRUE(ctx);
  Store store(*engine_);
  store.set_user_data(ctx->get());
  auto instance = linker_->instantiate(store, handler("http-hello"));
  ASSERT_TRUE(instance);
  EXPECT_TRUE(find_incoming_handler(*instance));
  const auto names = instance->export_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "wasi:http/incoming-handler@0.2.10"), names.end());
  auto none = find_incoming_handler(component::Instance());
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message().find("wasi:http/proxy"), std::string::npos);
}

}  // namespace
}  // namespace stratus::wasi::http
