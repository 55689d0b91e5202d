#include "wasi/p2/resource_table.hpp"

#include <gtest/gtest.h>

#include "stratus/trap.hpp"
#include "wasi/p2/pollable.hpp"
#include "wasi/p2/streams.hpp"

namespace stratus::wasi::p2 {
namespace {

TrapKind trap_kind(const Error& e) {
  EXPECT_EQ(e.kind(), ErrorKind::Trap) << e.message();
  return e.trap() ? e.trap()->kind() : TrapKind::Unreachable;
}

TEST(ResourceTable, GetReturnsTheObjectOfItsType) {
  ResourceTable table;
  auto rep = table.push(std::make_unique<MemoryInputStream>());
  ASSERT_TRUE(rep);
  auto stream = table.get<InputStream>(*rep);
  ASSERT_TRUE(stream);
  EXPECT_NE(*stream, nullptr);
  EXPECT_EQ(table.size(), 1u);
}

TEST(ResourceTable, WrongTypeIsAnInvalidHandleTrap) {
  ResourceTable table;
  auto rep = table.push(std::make_unique<MemoryInputStream>());
  ASSERT_TRUE(rep);
  auto wrong = table.get<Pollable>(*rep);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(trap_kind(wrong.error()), TrapKind::InvalidResourceHandle);
  EXPECT_NE(wrong.error().trap()->message().find("input-stream"), std::string::npos);
}

TEST(ResourceTable, DeadRepIsAnInvalidHandleTrap) {
  ResourceTable table;
  auto rep = table.push(std::make_unique<MemoryInputStream>());
  ASSERT_TRUE(rep);
  ASSERT_TRUE(table.remove(*rep));
  EXPECT_EQ(trap_kind(table.get<InputStream>(*rep).error()), TrapKind::InvalidResourceHandle);
  EXPECT_EQ(trap_kind(table.remove(*rep).error()), TrapKind::InvalidResourceHandle);
  EXPECT_EQ(trap_kind(table.get<InputStream>(12345).error()), TrapKind::InvalidResourceHandle);
}

TEST(ResourceTable, ParentCannotGoBeforeItsChildren) {
  ResourceTable table;
  auto stream = table.push(std::make_unique<MemoryInputStream>());
  ASSERT_TRUE(stream);
  auto pollable = table.push_child(std::make_unique<Pollable>(PollTarget{ReadyNow{}}), *stream);
  ASSERT_TRUE(pollable);
  auto early = table.remove(*stream);
  ASSERT_FALSE(early);
  EXPECT_EQ(trap_kind(early.error()), TrapKind::InvalidResourceHandle);
  EXPECT_TRUE(table.contains(*stream));  // the failed drop left it alone
  ASSERT_TRUE(table.remove(*pollable));
  EXPECT_TRUE(table.remove(*stream));
  EXPECT_EQ(table.size(), 0u);
}

TEST(ResourceTable, ChildOfADeadParentIsRefused) {
  ResourceTable table;
  auto child = table.push_child(std::make_unique<Pollable>(PollTarget{ReadyNow{}}), 7);
  ASSERT_FALSE(child);
  EXPECT_EQ(trap_kind(child.error()), TrapKind::InvalidResourceHandle);
  EXPECT_EQ(table.size(), 0u);
}

TEST(ResourceTable, FreedRepsAreReused) {
  ResourceTable table;
  auto a = table.push(std::make_unique<MemoryInputStream>());
  auto b = table.push(std::make_unique<MemoryInputStream>());
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  ASSERT_TRUE(table.remove(*a));
  auto c = table.push(std::make_unique<MemoryInputStream>());
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, *a);
}

TEST(ResourceTable, IsBoundedWithAClearTrap) {
  ResourceTable table(100);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(table.push(std::make_unique<MemoryInputStream>()));
  auto full = table.push(std::make_unique<MemoryInputStream>());
  ASSERT_FALSE(full);
  EXPECT_EQ(trap_kind(full.error()), TrapKind::HostTrap);
  EXPECT_NE(full.error().trap()->message().find("max_resources"), std::string::npos);
  ASSERT_TRUE(table.remove(0));
  EXPECT_TRUE(table.push(std::make_unique<MemoryInputStream>()));  // room again after a drop
}

}  // namespace
}  // namespace stratus::wasi::p2
