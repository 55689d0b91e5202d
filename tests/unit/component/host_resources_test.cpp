// Host-defined resources (component-wat/host_resources.wat): a guest importing two host
// instances that share a resource type (as wasi:io/streams `use`s wasi:io/poll's pollable)
// makes resources through host constructors, calls methods on borrows, passes handles back and
// forth and drops them; the destructors run once each, with the right rep; every misuse of a
// handle by the guest is a trap, and a missing or mistyped definition a Link error.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/component/resource.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"

namespace stratus::component {
namespace {

std::vector<uint8_t> read_wasm(const std::string& name) {
  std::ifstream in(std::string(STRATUS_COMPONENT_TEST_WASM_DIR) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void expect_handle_trap(const Result<std::vector<Val>>& r, const std::string& says = "") {
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().kind(), ErrorKind::Trap) << r.error().message();
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::InvalidResourceHandle) << r.error().message();
  if (!says.empty()) EXPECT_NE(r.error().message().find(says), std::string::npos) << r.error().message();
}

template <class T>
void expect_handle_trap(const Result<T>& r) {
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().kind(), ErrorKind::Trap) << r.error().message();
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::InvalidResourceHandle) << r.error().message();
}

struct HostResources : ::testing::Test {
  Engine engine;
  std::optional<Component> component;
  // The reps each destructor saw, in order.
  std::shared_ptr<std::vector<uint32_t>> stream_drops = std::make_shared<std::vector<uint32_t>>();
  std::shared_ptr<std::vector<uint32_t>> pollable_drops = std::make_shared<std::vector<uint32_t>>();
  ResourceType stream = ResourceType::define("output-stream", [d = stream_drops](Store&, uint32_t rep) -> Result<void> {
    d->push_back(rep);
    return {};
  });
  ResourceType pollable = ResourceType::define("pollable", [d = pollable_drops](Store&, uint32_t rep) -> Result<void> {
    d->push_back(rep);
    return {};
  });
  // The `self` of the last write, kept past its call.
  std::optional<ResourceHandle> last_write_self;
  // A handle the host tries to drop and to take while a write runs, and what that gave.
  std::optional<ResourceHandle> misuse_during_write;
  std::optional<Error> drop_during_write, take_during_write;
  // A host bug: subscribe returns the stream's own handle where a pollable is due.
  bool subscribe_returns_self = false;

  void SetUp() override {
    auto c = Component::compile(engine, read_wasm("host_resources.wasm"));
    ASSERT_TRUE(c) << c.error().message();
    component = *c;
  }

  // poll: ready(p) is whether p's rep is a pollable's (>= 100). streams: new(v) has rep v,
  // write(s, v) returns rep * 10 + v, subscribe(s) a pollable of rep 100 + s's.
  Linker host(bool define_poll_in_streams = true) {
    Linker linker(engine);
    auto poll = linker.instance("test:host/poll");
    EXPECT_TRUE(poll);
    EXPECT_TRUE(poll->resource("pollable", pollable));
    EXPECT_TRUE(
        poll->func_new("[method]pollable.ready",
                       [this](Store& store, std::span<const Val> params, std::vector<Val>& results) -> Result<void> {
                         auto rep = resource_rep(store, pollable, params[0].as<ResourceHandle>());
                         if (!rep) return rep.error();
                         results.push_back(Val(*rep >= 100));
                         return {};
                       }));
    auto streams = linker.instance("test:host/streams");
    EXPECT_TRUE(streams);
    if (define_poll_in_streams) EXPECT_TRUE(streams->resource("pollable", pollable));
    EXPECT_TRUE(streams->resource("output-stream", stream));
    EXPECT_TRUE(
        streams->func_new("[constructor]output-stream",
                          [this](Store& store, std::span<const Val> params, std::vector<Val>& results) -> Result<void> {
                            auto h = resource_new_own(store, stream, params[0].as<uint32_t>());
                            if (!h) return h.error();
                            results.push_back(Val(*h));
                            return {};
                          }));
    EXPECT_TRUE(
        streams->func_new("[method]output-stream.write",
                          [this](Store& store, std::span<const Val> params, std::vector<Val>& results) -> Result<void> {
                            last_write_self = params[0].as<ResourceHandle>();
                            if (misuse_during_write) {
                              if (auto d = resource_drop(store, *misuse_during_write); !d)
                                drop_during_write = d.error();
                              auto t = resource_take_own(store, stream, *misuse_during_write);
                              if (!t) take_during_write = t.error();
                            }
                            EXPECT_FALSE(last_write_self->own);
                            auto rep = resource_rep(store, stream, *last_write_self);
                            if (!rep) return rep.error();
                            results.push_back(Val(*rep * 10 + params[1].as<uint32_t>()));
                            return {};
                          }));
    EXPECT_TRUE(
        streams->func_new("[method]output-stream.subscribe",
                          [this](Store& store, std::span<const Val> params, std::vector<Val>& results) -> Result<void> {
                            auto rep = resource_rep(store, stream, params[0].as<ResourceHandle>());
                            if (!rep) return rep.error();
                            if (subscribe_returns_self) {
                              results.push_back(params[0]);
                              return {};
                            }
                            auto p = resource_new_own(store, pollable, 100 + *rep);
                            if (!p) return p.error();
                            results.push_back(Val(*p));
                            return {};
                          }));
    return linker;
  }

  struct Running {
    std::unique_ptr<Store> store;
    Instance instance;
    Result<std::vector<Val>> call(const char* name, std::vector<Val> args) {
      auto f = instance.get_func(name);
      if (!f) return Error(ErrorKind::Argument, std::string("no export ") + name);
      return f->call(*store, args);
    }
  };

  Running run() {
    auto store = std::make_unique<Store>(engine);
    auto instance = host().instantiate(*store, *component);
    EXPECT_TRUE(instance) << instance.error().message();
    return Running{std::move(store), *instance};
  }
};

TEST_F(HostResources, ConstructorMethodAndDropRunTheDestructorOnce) {
  Running r = run();
  auto out = r.call("roundtrip", {Val(uint32_t{7})});
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ((*out)[0], Val(uint32_t{75}));
  EXPECT_EQ(*stream_drops, std::vector<uint32_t>{7});
  r.store.reset();  // already dropped: the Store's end does not run it again
  EXPECT_EQ(*stream_drops, std::vector<uint32_t>{7});
}

TEST_F(HostResources, AnOwnComesOutToTheHostAndGoesBackIn) {
  Running r = run();
  auto made = r.call("make", {Val(uint32_t{3})});
  ASSERT_TRUE(made) << made.error().message();
  ASSERT_TRUE((*made)[0].is<ResourceHandle>());
  ResourceHandle h = (*made)[0].as<ResourceHandle>();
  EXPECT_TRUE(h.own);
  auto rep = resource_rep(*r.store, stream, h);
  ASSERT_TRUE(rep) << rep.error().message();
  EXPECT_EQ(*rep, 3u);
  auto consumed = r.call("consume", {Val(h)});
  ASSERT_TRUE(consumed) << consumed.error().message();
  EXPECT_EQ((*consumed)[0], Val(uint32_t{31}));
  EXPECT_EQ(*stream_drops, std::vector<uint32_t>{3});
  expect_handle_trap(resource_rep(*r.store, stream, h));  // it moved into the guest
}

TEST_F(HostResources, TheHostLendsItsOwnResourceToTheGuest) {
  Running r = run();
  auto h = resource_new_own(*r.store, stream, 9);
  ASSERT_TRUE(h) << h.error().message();
  // While the guest holds the borrow, the host's own handle is lent: it can be neither
  // dropped nor taken.
  misuse_during_write = *h;
  auto used = r.call("use-borrow", {Val(ResourceHandle{h->index, false})});
  ASSERT_TRUE(used) << used.error().message();
  EXPECT_EQ((*used)[0], Val(uint32_t{92}));
  EXPECT_TRUE(stream_drops->empty());
  ASSERT_TRUE(drop_during_write);
  EXPECT_EQ(drop_during_write->kind(), ErrorKind::Argument);
  EXPECT_NE(drop_during_write->message().find("lent"), std::string::npos) << drop_during_write->message();
  ASSERT_TRUE(take_during_write);
  EXPECT_NE(take_during_write->message().find("lent"), std::string::npos) << take_during_write->message();
  misuse_during_write.reset();
  auto rep = resource_rep(*r.store, stream, *h);
  ASSERT_TRUE(rep) << rep.error().message();
  EXPECT_EQ(*rep, 9u);
  ASSERT_TRUE(resource_drop(*r.store, *h));
  EXPECT_EQ(*stream_drops, std::vector<uint32_t>{9});
  expect_handle_trap(resource_rep(*r.store, stream, *h));
}

TEST_F(HostResources, AGuestKeepingABorrowPastItsCallTrapsAndTheLendEnds) {
  Running r = run();
  auto h = resource_new_own(*r.store, stream, 21);
  ASSERT_TRUE(h);
  auto kept = r.call("keep-borrow", {Val(ResourceHandle{h->index, false})});
  ASSERT_FALSE(kept);
  ASSERT_EQ(kept.error().kind(), ErrorKind::Trap) << kept.error().message();
  EXPECT_NE(kept.error().message().find("borrow"), std::string::npos) << kept.error().message();
  // The trap ended the call, and the lend with it: the host's handle is its own again.
  ASSERT_TRUE(resource_drop(*r.store, *h));
  EXPECT_EQ(*stream_drops, std::vector<uint32_t>{21});
}

TEST_F(HostResources, TakeOwnRemovesTheHandleWithoutTheDestructor) {
  Running r = run();
  auto made = r.call("make", {Val(uint32_t{4})});
  ASSERT_TRUE(made) << made.error().message();
  ResourceHandle h = (*made)[0].as<ResourceHandle>();
  auto rep = resource_take_own(*r.store, stream, h);
  ASSERT_TRUE(rep) << rep.error().message();
  EXPECT_EQ(*rep, 4u);
  expect_handle_trap(resource_rep(*r.store, stream, h));
  r.store.reset();
  EXPECT_TRUE(stream_drops->empty());
}

TEST_F(HostResources, OneResourceTypeUnderTwoInstancesIsOneTypeForTheGuest) {
  Running r = run();
  auto ready = r.call("subscribe-ready", {Val(uint32_t{1})});
  ASSERT_TRUE(ready) << ready.error().message();
  EXPECT_EQ((*ready)[0], Val(true));
  EXPECT_EQ(*pollable_drops, std::vector<uint32_t>{101});
  EXPECT_EQ(*stream_drops, std::vector<uint32_t>{1});
}

TEST_F(HostResources, AnEqOfABoundResourceNeedsNoDefinition) {
  Store store(engine);
  auto instance = host(/*define_poll_in_streams=*/false).instantiate(store, *component);
  ASSERT_TRUE(instance) << instance.error().message();
  auto ready = instance->get_func("subscribe-ready")->call(store, std::vector<Val>{Val(uint32_t{2})});
  ASSERT_TRUE(ready) << ready.error().message();
  EXPECT_EQ((*ready)[0], Val(true));
}

TEST_F(HostResources, ABorrowEndsWithItsCall) {
  Running r = run();
  ASSERT_TRUE(r.call("roundtrip", {Val(uint32_t{8})}));
  ASSERT_TRUE(last_write_self);
  expect_handle_trap(resource_rep(*r.store, stream, *last_write_self));
}

TEST_F(HostResources, AHandleOfAnotherTypeIsRefusedByTheHost) {
  Running r = run();
  auto h = resource_new_own(*r.store, stream, 1);
  ASSERT_TRUE(h);
  expect_handle_trap(resource_rep(*r.store, pollable, *h));
  auto namesake = resource_rep(*r.store, ResourceType::define("output-stream", nullptr), *h);
  expect_handle_trap(namesake);
  EXPECT_NE(namesake.error().message().find("two distinct resource types of that name"), std::string::npos)
      << namesake.error().message();
  expect_handle_trap(resource_take_own(*r.store, pollable, *h));
  expect_handle_trap(resource_rep(*r.store, stream, ResourceHandle{h->index, false}));  // not a borrow
  expect_handle_trap(resource_rep(*r.store, stream, ResourceHandle{12345, true}));
}

TEST_F(HostResources, GuestMisuseOfHandlesTraps) {
  expect_handle_trap(run().call("write-raw", {Val(uint32_t{0})}));
  expect_handle_trap(run().call("write-raw", {Val(uint32_t{12345})}), "12345");
  expect_handle_trap(run().call("drop-raw", {Val(uint32_t{77})}), "77");
  expect_handle_trap(run().call("write-to-pollable", {Val(uint32_t{2})}), "pollable");
  expect_handle_trap(run().call("write-after-drop", {Val(uint32_t{3})}));
  // write-after-drop's stream by its drop, write-to-pollable's (and its pollable) by the
  // Store's end; each once.
  std::vector<uint32_t> dropped = *stream_drops;
  std::sort(dropped.begin(), dropped.end());
  EXPECT_EQ(dropped, (std::vector<uint32_t>{2, 3}));
  EXPECT_EQ(*pollable_drops, std::vector<uint32_t>{102});
}

TEST_F(HostResources, AnOwnMovedOutOfTheGuestIsGoneFromItsTable) {
  Running r = run();
  auto made = r.call("make", {Val(uint32_t{5})});  // index 1 in the guest, moved out
  ASSERT_TRUE(made);
  expect_handle_trap(r.call("drop-raw", {Val(uint32_t{1})}));  // gone from the guest's table
  EXPECT_TRUE(stream_drops->empty());
}

TEST_F(HostResources, TheStoresEndRunsTheDestructorsOfWhatIsStillOwned) {
  Running r = run();
  ASSERT_TRUE(r.call("leak", {Val(uint32_t{5})}));     // held by the guest
  ASSERT_TRUE(resource_new_own(*r.store, stream, 6));  // held by the host
  auto lent = resource_new_own(*r.store, pollable, 106);
  ASSERT_TRUE(lent);
  ASSERT_TRUE(resource_take_own(*r.store, pollable, *lent));  // taken: the host's now
  EXPECT_TRUE(stream_drops->empty());
  r.store.reset();
  std::vector<uint32_t> dropped = *stream_drops;
  std::sort(dropped.begin(), dropped.end());
  EXPECT_EQ(dropped, (std::vector<uint32_t>{5, 6}));
  EXPECT_TRUE(pollable_drops->empty());
}

TEST_F(HostResources, AHandlePassesBetweenInstantiationsInOneStore) {
  Store store(engine);
  Linker linker = host();
  auto first = linker.instantiate(store, *component);
  auto second = linker.instantiate(store, *component);
  ASSERT_TRUE(first) << first.error().message();
  ASSERT_TRUE(second) << second.error().message();
  auto made = first->get_func("make")->call(store, std::vector<Val>{Val(uint32_t{3})});
  ASSERT_TRUE(made) << made.error().message();
  auto consumed = second->get_func("consume")->call(store, *made);
  ASSERT_TRUE(consumed) << consumed.error().message();
  EXPECT_EQ((*consumed)[0], Val(uint32_t{31}));
  EXPECT_EQ(*stream_drops, std::vector<uint32_t>{3});
}

TEST_F(HostResources, AHandleOfAnotherStoreIsNotOneOfThisStore) {
  Running a = run();
  Running b = run();
  auto h = resource_new_own(*a.store, stream, 1);
  ASSERT_TRUE(h);
  expect_handle_trap(resource_rep(*b.store, stream, *h));
  auto consumed = b.call("consume", {Val(*h)});
  ASSERT_FALSE(consumed);
  EXPECT_EQ(consumed.error().kind(), ErrorKind::Argument) << consumed.error().message();
}

TEST_F(HostResources, AHostReturningAHandleOfTheWrongTypeFailsTheCall) {
  subscribe_returns_self = true;
  Running r = run();
  auto ready = r.call("subscribe-ready", {Val(uint32_t{1})});
  ASSERT_FALSE(ready);
  EXPECT_NE(ready.error().message().find("pollable"), std::string::npos) << ready.error().message();
  EXPECT_TRUE(pollable_drops->empty());
}

TEST_F(HostResources, ANestedComponentGetsTheHostsResources) {
  auto nested = Component::compile(engine, read_wasm("host_resources_nested.wasm"));
  ASSERT_TRUE(nested) << nested.error().message();
  Store store(engine);
  auto instance = host().instantiate(store, *nested);
  ASSERT_TRUE(instance) << instance.error().message();
  auto out = instance->get_func("roundtrip")->call(store, std::vector<Val>{Val(uint32_t{7})});
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ((*out)[0], Val(uint32_t{75}));
  EXPECT_EQ(*stream_drops, std::vector<uint32_t>{7});
}

TEST_F(HostResources, AResourceImportedAtTheTopLevel) {
  auto root = Component::compile(engine, read_wasm("host_resources_root.wasm"));
  ASSERT_TRUE(root) << root.error().message();
  Linker linker(engine);
  ASSERT_TRUE(linker.root().resource("blob", stream));
  ASSERT_TRUE(linker.root().func_new(
      "[constructor]blob",
      [this](Store& store, std::span<const Val> params, std::vector<Val>& results) -> Result<void> {
        auto h = resource_new_own(store, stream, params[0].as<uint32_t>());
        if (!h) return h.error();
        results.push_back(Val(*h));
        return {};
      }));
  Store store(engine);
  auto instance = linker.instantiate(store, *root);
  ASSERT_TRUE(instance) << instance.error().message();
  ASSERT_TRUE(instance->get_func("make-and-drop")->call(store, std::vector<Val>{Val(uint32_t{12})}));
  EXPECT_EQ(*stream_drops, std::vector<uint32_t>{12});
}

TEST_F(HostResources, ADestructorsErrorFailsTheGuestsDrop) {
  stream = ResourceType::define("output-stream", [](Store&, uint32_t rep) -> Result<void> {
    return Error(ErrorKind::Host, "cannot close stream " + std::to_string(rep));
  });
  Linker linker = host();
  Store store(engine);
  auto instance = linker.instantiate(store, *component);
  ASSERT_TRUE(instance) << instance.error().message();
  auto out = instance->get_func("roundtrip")->call(store, std::vector<Val>{Val(uint32_t{13})});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().kind(), ErrorKind::Trap);
  EXPECT_NE(out.error().message().find("cannot close stream 13"), std::string::npos) << out.error().message();
}

TEST_F(HostResources, AMissingResourceIsALinkErrorNamingTheImport) {
  Linker linker(engine);
  auto poll = linker.instance("test:host/poll");
  ASSERT_TRUE(poll);
  ASSERT_TRUE(poll->func_new("[method]pollable.ready",
                             [](Store&, std::span<const Val>, std::vector<Val>&) -> Result<void> { return {}; }));
  auto pre = linker.instantiate_pre(*component);
  ASSERT_FALSE(pre);
  EXPECT_EQ(pre.error().kind(), ErrorKind::Link);
  EXPECT_NE(pre.error().message().find("test:host/poll#pollable"), std::string::npos) << pre.error().message();
}

TEST_F(HostResources, AFunctionWhereAResourceIsExpectedIsALinkError) {
  Linker linker(engine);
  auto poll = linker.instance("test:host/poll");
  ASSERT_TRUE(poll);
  ASSERT_TRUE(
      poll->func_new("pollable", [](Store&, std::span<const Val>, std::vector<Val>&) -> Result<void> { return {}; }));
  auto pre = linker.instantiate_pre(*component);
  ASSERT_FALSE(pre);
  EXPECT_EQ(pre.error().kind(), ErrorKind::Link);
  EXPECT_NE(
      pre.error().message().find("\"test:host/poll#pollable\" is a resource type, but the linker defines a function"),
      std::string::npos)
      << pre.error().message();
}

TEST_F(HostResources, ADifferentTypeForAnEqImportIsALinkError) {
  Linker linker = host(/*define_poll_in_streams=*/false);
  auto streams = linker.instance("test:host/streams");
  ASSERT_TRUE(streams);
  ASSERT_TRUE(streams->resource("pollable", ResourceType::define("other", nullptr)));
  auto pre = linker.instantiate_pre(*component);
  ASSERT_FALSE(pre);
  EXPECT_EQ(pre.error().kind(), ErrorKind::Link);
  EXPECT_NE(pre.error().message().find("test:host/streams#pollable"), std::string::npos) << pre.error().message();
}

TEST_F(HostResources, RedefiningAResourceNeedsShadowing) {
  Linker linker(engine);
  auto inst = linker.instance("x");
  ASSERT_TRUE(inst);
  ASSERT_TRUE(inst->resource("r", stream));
  auto again = inst->resource("r", pollable);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind(), ErrorKind::Link);
}

}  // namespace
}  // namespace stratus::component
