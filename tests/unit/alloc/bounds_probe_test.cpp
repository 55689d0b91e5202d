#include "alloc/bounds_probe.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc/on_demand_allocator.hpp"
#include "../under_asan.hpp"

namespace stratus::alloc {
namespace {

TEST(BoundsProbe, ExplicitChoicesPassThrough) {
  EXPECT_EQ(resolve_bounds_checks(BoundsChecks::Explicit), BoundsChecks::Explicit);
  EXPECT_EQ(resolve_bounds_checks(BoundsChecks::GuardPages), BoundsChecks::GuardPages);
}

TEST(BoundsProbe, AutoPicksGuardPagesWithAmpleAddressSpace) {
  struct rlimit limit {};
  ASSERT_EQ(getrlimit(RLIMIT_AS, &limit), 0);
  if (limit.rlim_cur != RLIM_INFINITY) GTEST_SKIP() << "RLIMIT_AS is set for this process";
  EXPECT_EQ(resolve_bounds_checks(BoundsChecks::Auto), BoundsChecks::GuardPages);
}

// A child process takes the small address-space limit so the test runner keeps its own.
TEST(BoundsProbe, AutoPicksExplicitUnderASmallAddressSpaceLimit) {
#ifdef STRATUS_TEST_ASAN
  GTEST_SKIP() << "AddressSanitizer's shadow memory already exceeds any small RLIMIT_AS";
#else
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    struct rlimit limit {uint64_t{2} << 30, uint64_t{2} << 30};
    if (setrlimit(RLIMIT_AS, &limit) != 0) _exit(10);
    if (resolve_bounds_checks(BoundsChecks::Auto) != BoundsChecks::Explicit) _exit(11);
    // A memory without a maximum still works: its reservation shrinks to what fits.
    OnDemandAllocator allocator;
    MemoryRequest r;
    r.type.limits = {1, std::nullopt};
    auto a = allocator.allocate_memory(r);
    if (!a) _exit(12);
    a->backing->base()[100] = 1;
    if (!a->backing->grow_to(2 * kPageSize)) _exit(13);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10: setrlimit, 11: probe, 12: allocate, 13: grow";
#endif
}

}  // namespace
}  // namespace stratus::alloc
