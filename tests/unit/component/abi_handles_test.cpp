// Resource handles (own, borrow, lends, resource.new/rep/drop, destructors) and the
// may_enter / may_leave rules.
#include <gtest/gtest.h>

#include "abi_guest.hpp"
#include "component/abi/handles.hpp"
#include "component/abi/instance_flags.hpp"
#include "component/abi/values.hpp"

namespace stratus::component::abi {
namespace {

using testing::FakeGuest;

TEST(AbiHandles, NewRepDropAndUseAfterDrop) {
  ComponentInstanceFlags inst;
  HandleTable table;
  std::vector<uint32_t> destroyed;
  RuntimeResourceType file{"file", &inst, [&](uint32_t rep) -> Result<void> {
                             destroyed.push_back(rep);
                             return {};
                           }};
  RuntimeResourceType socket{"socket", &inst, {}};
  auto h = resource_new(inst, table, file, 42);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*h, 1u) << "index 0 is never a handle";
  EXPECT_EQ(*resource_rep(table, file, *h), 42u);
  EXPECT_TRAP(resource_rep(table, socket, *h), TrapKind::InvalidResourceHandle, "is a `file` handle where a `socket`");
  EXPECT_TRAP(resource_drop(inst, table, socket, *h), TrapKind::InvalidResourceHandle, "`socket`");
  ASSERT_TRUE(resource_drop(inst, table, file, *h).ok());
  EXPECT_EQ(destroyed, std::vector<uint32_t>{42});
  EXPECT_TRAP(resource_rep(table, file, *h), TrapKind::InvalidResourceHandle, "already dropped");
  EXPECT_TRAP(resource_drop(inst, table, file, *h), TrapKind::InvalidResourceHandle, "unknown handle index 1");
  EXPECT_TRAP(resource_rep(table, file, 0), TrapKind::InvalidResourceHandle, "unknown handle index 0");
  // A freed index is reused.
  EXPECT_EQ(*resource_new(inst, table, file, 7), 1u);
  EXPECT_EQ(table.live_count(), 1u);
}

TEST(AbiHandles, DestructorOfAnotherInstanceEntersIt) {
  ComponentInstanceFlags owner, user;
  HandleTable table;
  int runs = 0;
  RuntimeResourceType t{"r", &owner, [&](uint32_t) -> Result<void> {
                          ++runs;
                          EXPECT_FALSE(owner.may_enter());
                          return {};
                        }};
  uint32_t a = *resource_new(user, table, t, 1);
  uint32_t b = *resource_new(user, table, t, 2);
  ASSERT_TRUE(resource_drop(user, table, t, a).ok());
  EXPECT_EQ(runs, 1);
  EXPECT_TRUE(owner.may_enter());
  // While the owner is on the stack, dropping runs into reentrance.
  ASSERT_TRUE(owner.enter_from(nullptr).ok());
  EXPECT_TRAP(resource_drop(user, table, t, b), TrapKind::CannotEnterComponent, "cannot enter component instance");
  EXPECT_EQ(runs, 1);
}

// A guest instance, the host's table, and the types' run-time identities, wired into a
// LiftLowerContext as the instantiator would.
struct ResourceFixture {
  TypeTables types;
  ResourceId rid = types.add(ResourceTypeEntry{"file", true});
  ValType own{ValKind::Own, rid.index};
  ValType borrow{ValKind::Borrow, rid.index};
  Layouts layouts = Layouts::compute(types).unwrap();
  FakeGuest guest;
  ComponentInstanceFlags impl, user;
  HandleTable guest_table, host_table;
  std::vector<uint32_t> destroyed;
  RuntimeResourceType file{"file", &impl, [this](uint32_t rep) -> Result<void> {
                             destroyed.push_back(rep);
                             return {};
                           }};
  const RuntimeResourceType* resources[1] = {&file};
  LiftLowerContext cx(ComponentInstanceFlags& inst, CallScope& scope) {
    LiftLowerContext c{types, layouts, guest.options()};
    c.instance = &inst;
    c.handles = &guest_table;
    c.host_handles = &host_table;
    c.scope = &scope;
    c.resource_types = resources;
    return c;
  }
  Result<Val> lift(ComponentInstanceFlags& inst, CallScope& scope, ValType t, uint32_t i) {
    auto c = cx(inst, scope);
    std::vector<uint64_t> cells = {i};
    size_t pos = 0;
    return lift_flat(c, cells, pos, t);
  }
  Result<uint32_t> lower(ComponentInstanceFlags& inst, CallScope& scope, ValType t, const Val& v) {
    auto c = cx(inst, scope);
    std::vector<uint64_t> out;
    auto ok = lower_flat(c, v, t, out);
    if (!ok) return ok.error();
    return static_cast<uint32_t>(out.at(0));
  }
};

TEST(AbiHandles, OwnMovesBetweenGuestAndHost) {
  ResourceFixture f;
  CallScope scope;
  uint32_t g = *resource_new(f.user, f.guest_table, f.file, 5);
  auto v = f.lift(f.user, scope, f.own, g);
  ASSERT_TRUE(v.ok()) << v.error().message();
  const auto& h = v->as<ResourceHandle>();
  EXPECT_TRUE(h.own);
  EXPECT_TRAP(resource_rep(f.guest_table, f.file, g), TrapKind::InvalidResourceHandle, "unknown handle");
  EXPECT_EQ((*f.host_table.get(h.index))->rep, 5u);
  // Back into the guest: the host no longer holds it.
  auto back = f.lower(f.user, scope, f.own, *v);
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(*resource_rep(f.guest_table, f.file, *back), 5u);
  EXPECT_HOST_ERROR(f.lower(f.user, scope, f.own, *v), "holds no resource handle");
  EXPECT_TRAP(f.lift(f.user, scope, f.own, 99), TrapKind::InvalidResourceHandle, "unknown handle index 99");
}

TEST(AbiHandles, BorrowsLendForTheCallAndEndWithIt) {
  ResourceFixture f;
  uint32_t g = *resource_new(f.user, f.guest_table, f.file, 9);
  Val borrowed;
  {
    CallScope call;  // a lowered call: the guest lends its handle to the host
    auto v = f.lift(f.user, call, f.borrow, g);
    ASSERT_TRUE(v.ok()) << v.error().message();
    borrowed = *v;
    EXPECT_FALSE(v->as<ResourceHandle>().own);
    EXPECT_EQ((*f.guest_table.get(g))->lends, 1u);
    EXPECT_TRAP(resource_drop(f.user, f.guest_table, f.file, g), TrapKind::InvalidResourceHandle, "lent");
    EXPECT_TRAP(f.lift(f.user, call, f.own, g), TrapKind::InvalidResourceHandle, "lent");
    // A borrow cannot be passed as an own.
    CallScope other;
    EXPECT_HOST_ERROR(f.lower(f.user, other, f.own, *v), "borrowed");
  }
  // The call is over: the lend ended and the host's borrow is gone.
  EXPECT_EQ((*f.guest_table.get(g))->lends, 0u);
  EXPECT_FALSE(f.host_table.get(borrowed.as<ResourceHandle>().index).ok()) << "a borrow must not outlive its call";
  ASSERT_TRUE(resource_drop(f.user, f.guest_table, f.file, g).ok());
  EXPECT_EQ(f.destroyed, std::vector<uint32_t>{9});
}

TEST(AbiHandles, BorrowsGivenToAGuestMustBeDroppedBeforeItReturns) {
  ResourceFixture f;
  uint32_t host_own = *f.host_table.add(HandleEntry{&f.file, 3, true, 0, nullptr});
  Val v = ResourceHandle{host_own, true};
  CallScope task;  // a lifted call into `user`, which does not implement the resource
  auto i = f.lower(f.user, task, f.borrow, v);
  ASSERT_TRUE(i.ok()) << i.error().message();
  EXPECT_EQ(task.num_borrows(), 1u);
  EXPECT_EQ(*resource_rep(f.guest_table, f.file, *i), 3u);
  EXPECT_TRAP(check_borrows_returned(task), TrapKind::InvalidResourceHandle, "borrow handles still remain");
  EXPECT_HOST_ERROR(host_resource_drop(f.host_table, host_own), "lent");
  ASSERT_TRUE(resource_drop(f.user, f.guest_table, f.file, *i).ok());
  EXPECT_TRUE(f.destroyed.empty()) << "dropping a borrow runs no destructor";
  EXPECT_TRUE(check_borrows_returned(task).ok());
  task.finish();
  // Into the implementing instance a borrow is the representation itself.
  CallScope into_impl;
  auto rep = f.lower(f.impl, into_impl, f.borrow, v);
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(*rep, 3u);
  EXPECT_EQ(into_impl.num_borrows(), 0u);
  into_impl.finish();
  ASSERT_TRUE(host_resource_drop(f.host_table, host_own).ok());
  EXPECT_EQ(f.destroyed, std::vector<uint32_t>{3});
  EXPECT_HOST_ERROR(host_resource_drop(f.host_table, host_own), "holds no resource handle");
}

TEST(AbiHandles, WrongResourceTypeIsRejected) {
  ResourceFixture f;
  RuntimeResourceType other{"socket", &f.impl, {}};
  uint32_t g = *resource_new(f.user, f.guest_table, other, 1);
  CallScope scope;
  EXPECT_TRAP(f.lift(f.user, scope, f.own, g), TrapKind::InvalidResourceHandle, "is a `socket` handle where a `file`");
  EXPECT_TRAP(f.lift(f.user, scope, f.borrow, g), TrapKind::InvalidResourceHandle, "`socket`");
  uint32_t h = *f.host_table.add(HandleEntry{&other, 1, true, 0, nullptr});
  EXPECT_HOST_ERROR(f.lower(f.user, scope, f.own, Val(ResourceHandle{h, true})), "is a `socket` handle where a `file` handle");
}

TEST(AbiFlags, LoweredCallsEndTheirLendsAndRefuseToLeaveDuringPostReturn) {
  ResourceFixture f;
  uint32_t g = *resource_new(f.user, f.guest_table, f.file, 4);
  CallScope call;
  uint32_t host_index = 0;
  auto r = run_lowered_call(f.user, call, [&]() -> Result<void> {
    auto v = f.lift(f.user, call, f.borrow, g);
    if (!v) return v.error();
    host_index = v->as<ResourceHandle>().index;
    EXPECT_EQ((*f.guest_table.get(g))->lends, 1u);
    return {};
  });
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ((*f.guest_table.get(g))->lends, 0u);
  EXPECT_FALSE(f.host_table.get(host_index).ok());
  auto inside = f.user.without_leaving([&] {
    CallScope again;
    return run_lowered_call(f.user, again, [] { return Result<void>(); });
  });
  EXPECT_TRAP(inside, TrapKind::CannotLeaveComponent, "cannot leave");
}

TEST(AbiFlags, ReentranceTraps) {
  ComponentInstanceFlags a;
  ASSERT_TRUE(a.enter_from(nullptr).ok());
  EXPECT_TRAP(a.enter_from(nullptr), TrapKind::CannotEnterComponent, "cannot enter component instance");
  a.leave_to(nullptr);
  EXPECT_TRUE(a.enter_from(nullptr).ok());
}

TEST(AbiFlags, EnteringAChildFromItsParentEntersOnlyTheChild) {
  ComponentInstanceFlags parent;
  ComponentInstanceFlags child(&parent);
  ComponentInstanceFlags sibling(&parent);
  // From the host, a call into the child enters the parent too.
  ASSERT_TRUE(child.enter_from(nullptr).ok());
  EXPECT_FALSE(parent.may_enter());
  EXPECT_FALSE(parent.may_enter_from(nullptr));
  // From the child into its sibling: the shared parent is not entered again.
  EXPECT_TRUE(sibling.may_enter_from(&child));
  ASSERT_TRUE(sibling.enter_from(&child).ok());
  sibling.leave_to(&child);
  EXPECT_FALSE(parent.may_enter()) << "leaving the sibling must not leave the parent";
  child.leave_to(nullptr);
  EXPECT_TRUE(parent.may_enter());
  EXPECT_TRUE(child.may_enter());
}

TEST(AbiFlags, NothingLeavesDuringReallocOrPostReturn) {
  ComponentInstanceFlags inst;
  HandleTable table;
  RuntimeResourceType t{"r", &inst, {}};
  auto r = inst.without_leaving([&]() -> Result<void> {
    EXPECT_TRAP(inst.check_may_leave(), TrapKind::CannotLeaveComponent, "cannot leave component instance");
    EXPECT_TRAP(resource_new(inst, table, t, 1), TrapKind::CannotLeaveComponent, "cannot leave");
    return {};
  });
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(inst.check_may_leave().ok());

  // realloc runs with may_leave cleared (the fake guest checks it).
  TypeTables types;
  Layouts layouts = Layouts::compute(types).unwrap();
  FakeGuest guest;
  guest.flags = &inst;
  LiftLowerContext cx{types, layouts, guest.options()};
  cx.instance = &inst;
  std::vector<uint64_t> out;
  ASSERT_TRUE(lower_flat(cx, Val("hi"), ValType{ValKind::String}, out).ok());
  EXPECT_EQ(guest.calls.size(), 1u);
  EXPECT_TRUE(inst.may_leave());
}

TEST(AbiFlags, LiftedCallsEnterCheckBorrowsRunPostReturnAndLeave) {
  ComponentInstanceFlags callee;
  CallScope scope;
  std::vector<std::string> steps;
  auto call = [&]() -> Result<void> {
    steps.push_back("call");
    EXPECT_FALSE(callee.may_enter());
    EXPECT_TRAP(callee.enter_from(nullptr), TrapKind::CannotEnterComponent, "cannot enter");
    return {};
  };
  auto post = [&]() -> Result<void> {
    steps.push_back("post-return");
    EXPECT_FALSE(callee.may_leave());
    return {};
  };
  ASSERT_TRUE(run_lifted_call(callee, nullptr, scope, call, post).ok());
  EXPECT_EQ(steps, (std::vector<std::string>{"call", "post-return"}));
  EXPECT_TRUE(callee.may_enter());
  EXPECT_TRUE(callee.may_leave());

  // A borrow left behind traps before post-return runs, and the trapped instance stays
  // entered: it cannot be called again.
  steps.clear();
  scope.add_borrow();
  EXPECT_TRAP(run_lifted_call(callee, nullptr, scope, call, post), TrapKind::InvalidResourceHandle, "borrow");
  EXPECT_EQ(steps, std::vector<std::string>{"call"});
  EXPECT_FALSE(callee.may_enter_from(nullptr));
}

}  // namespace
}  // namespace stratus::component::abi
