#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stratus/stratus.hpp"
#include "test_support.hpp"
#include "../under_asan.hpp"

namespace stratus {
namespace {

#ifndef STRATUS_TEST_ASAN
// Exit codes say which step failed in the child.
enum ChildStatus { kOk = 0, kSetrlimit, kProbe, kCompile, kInstantiate, kCall, kGrow };

int run_under_small_address_space() {
  struct rlimit limit {uint64_t{2} << 30, uint64_t{2} << 30};
  if (setrlimit(RLIMIT_AS, &limit) != 0) return kSetrlimit;
  Engine engine;  // Auto
  if (engine.bounds_checks() != BoundsChecks::Explicit) return kProbe;
  auto module = Module::from_file(engine, test::wasm_path("memory_grow"));
  if (!module) return kCompile;
  Store store(engine);
  auto inst = Linker(engine).instantiate(store, *module);
  if (!inst) return kInstantiate;
  auto store8 = inst->get_func("store")->typed<void(int32_t, int32_t)>();
  auto load = inst->get_func("load")->typed<int32_t(int32_t)>();
  auto grow = inst->get_func("grow")->typed<int32_t(int32_t)>();
  if (!store8 || !load || !grow) return kCall;
  if (!store8->call(store, 100, 7) || load->call(store, 100).value() != 7) return kCall;
  auto oob = load->call(store, static_cast<int32_t>(kPageSize));
  if (oob || oob.error().kind() != ErrorKind::Trap) return kCall;
  if (grow->call(store, 2).value() != 1) return kGrow;
  return kOk;
}
#endif

TEST(BoundsProbe, AutoChoosesExplicitUnderASmallAddressSpaceAndModulesStillRun) {
#ifdef STRATUS_TEST_ASAN
  GTEST_SKIP() << "AddressSanitizer's shadow memory already exceeds any small RLIMIT_AS";
#else
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(run_under_small_address_space());
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "child died by a signal";
  EXPECT_EQ(WEXITSTATUS(status), kOk) << "1 setrlimit, 2 probe, 3 compile, 4 instantiate, 5 call, 6 grow";
#endif
}

}  // namespace
}  // namespace stratus
