// ip-name-lookup off the guest's thread: resolve-addresses returns while the resolver is
// still working, resolve-next-address says would-block until it is done, the stream's pollable
// becomes ready when it is, and the Store's deadline ends a wait on a resolver that hangs.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <type_traits>
#include <variant>

#include "stratus/store.hpp"
#include "stratus/trap.hpp"
#include "wasi/p2/sockets_name_lookup.hpp"

namespace stratus::wasi::p2 {
namespace {

using Clock = std::chrono::steady_clock;
using C = NetErrorCode;
const IpAddress kFound{Ipv4Address{192, 0, 2, 7}};

std::shared_ptr<const SocketPolicy> lookups_allowed() {
  auto p = std::make_shared<SocketPolicy>();
  p->inherit_network = true;
  p->allow_ip_name_lookup = true;
  return p;
}

// A resolver that answers only when released, as a slow DNS server would.
struct HeldResolver {
  struct State {
    std::mutex mutex;
    std::condition_variable released_cv;
    bool released = false;
    NetOr<std::vector<IpAddress>> answer = std::vector<IpAddress>{kFound};
  };
  std::shared_ptr<State> state = std::make_shared<State>();

  HostResolver resolver() const {
    return [s = state](const std::string&) {
      std::unique_lock lock(s->mutex);
      s->released_cv.wait(lock, [&] { return s->released; });
      return s->answer;
    };
  }
  void release() {
    {
      std::lock_guard lock(state->mutex);
      state->released = true;
    }
    state->released_cv.notify_all();
  }
  ~HeldResolver() { release(); }  // no resolver thread is left waiting after a test
};

struct NameLookupTest : ::testing::Test {
  Engine engine;
  Store store{engine};
  Network net{lookups_allowed()};

  bool ready_now(const ResolveAddressStream& s) {
    const PollTarget target = s.subscribe();
    auto ready = poll_targets(store, std::span(&target, 1), false);
    return ready && !ready->empty();
  }
};

TEST_F(NameLookupTest, LocalhostResolvesToLoopbackThroughThePollable) {
  auto stream = resolve_addresses(net, "localhost");
  ASSERT_TRUE(stream.ok());
  ASSERT_TRUE(wait_for(store, stream->subscribe()));
  int found = 0;
  for (;;) {
    auto next = stream->resolve_next_address();
    ASSERT_TRUE(next.ok()) << static_cast<int>(next.error());
    if (!next->has_value()) break;
    ++found;
    const IpAddress& ip = **next;
    const bool loopback = std::visit(
        [](const auto& a) {
          if constexpr (std::is_same_v<std::decay_t<decltype(a)>, Ipv4Address>) return a[0] == 127;
          else return a == Ipv6Address{0, 0, 0, 0, 0, 0, 0, 1};
        },
        ip.value);
    EXPECT_TRUE(loopback);
  }
  EXPECT_GE(found, 1);
}

TEST_F(NameLookupTest, ASlowResolverHoldsUpNeitherTheCallNorThePoll) {
  HeldResolver held;
  const auto start = Clock::now();
  auto stream = resolve_addresses(net, "slow.example", held.resolver());
  ASSERT_TRUE(stream.ok());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(1));
  auto early = stream->resolve_next_address();
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error(), C::WouldBlock);
  EXPECT_FALSE(ready_now(*stream));

  held.release();
  ASSERT_TRUE(wait_for(store, stream->subscribe()));
  EXPECT_TRUE(ready_now(*stream));  // and stays ready
  auto first = stream->resolve_next_address();
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ(**first, kFound);
  auto end = stream->resolve_next_address();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end->has_value());
}

TEST_F(NameLookupTest, InterruptEndsAWaitOnAHungResolver) {
  HeldResolver held;  // released only when the test ends
  auto stream = resolve_addresses(net, "hung.example", held.resolver());
  ASSERT_TRUE(stream.ok());
  std::thread interrupter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    store.interrupt();
  });
  const auto start = Clock::now();
  auto waited = wait_for(store, stream->subscribe());
  interrupter.join();
  ASSERT_FALSE(waited);
  ASSERT_EQ(waited.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(waited.error().trap()->kind(), TrapKind::Interrupt);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
}

TEST_F(NameLookupTest, TheResolversErrorComesFromResolveNextAddress) {
  HeldResolver held;
  held.state->answer = C::NameUnresolvable;
  auto stream = resolve_addresses(net, "nowhere.example", held.resolver());
  ASSERT_TRUE(stream.ok());
  held.release();
  ASSERT_TRUE(wait_for(store, stream->subscribe()));
  auto next = stream->resolve_next_address();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error(), C::NameUnresolvable);
}

TEST_F(NameLookupTest, LiteralsAndRefusalsNeedNoResolver) {
  HeldResolver held;  // never released before the checks: a literal must not wait on it
  auto literal = resolve_addresses(net, "192.0.2.7", held.resolver());
  ASSERT_TRUE(literal.ok());
  EXPECT_TRUE(ready_now(*literal));
  auto first = literal->resolve_next_address();
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ(**first, kFound);
  Network closed(std::make_shared<SocketPolicy>());
  EXPECT_EQ(resolve_addresses(closed, "slow.example", held.resolver()).error(), C::PermanentResolverFailure);
}

TEST_F(NameLookupTest, LookupsBeyondTheLimitFailAtOnce) {
  HeldResolver held;
  std::vector<ResolveAddressStream> running;
  for (int i = 0; i < kMaxLookupsInFlight; ++i) {
    auto s = resolve_addresses(net, "slow.example", held.resolver());
    ASSERT_TRUE(s.ok());
    running.push_back(std::move(*s));
  }
  auto over = resolve_addresses(net, "slow.example", held.resolver());
  ASSERT_TRUE(over.ok());
  EXPECT_TRUE(ready_now(*over));
  auto next = over->resolve_next_address();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error(), C::TemporaryResolverFailure);
  EXPECT_EQ(running.front().resolve_next_address().error(), C::WouldBlock);
  held.release();
  for (const ResolveAddressStream& s : running) ASSERT_TRUE(wait_for(store, s.subscribe()));
  auto after = resolve_addresses(net, "slow.example", held.resolver());  // room again
  ASSERT_TRUE(after.ok());
  ASSERT_TRUE(wait_for(store, after->subscribe()));
  auto found = after->resolve_next_address();
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ(**found, kFound);
}

}  // namespace
}  // namespace stratus::wasi::p2
