// Differential test: every compute kernel gives the same result here as in node (V8).
#include <cstdio>
#include <cstdlib>

#include "exec_test_support.hpp"

namespace stratus::exec_test {
namespace {

std::string kernel_path(const std::string& name) { return std::string(STRATUS_EXEC_KERNEL_DIR) + "/" + name + ".wasm"; }

// Runs the kernel in node; nullopt when node is not available.
std::optional<int32_t> run_in_node(const std::string& path) {
  const std::string command = "node -e \"const fs=require('fs');WebAssembly.instantiate(fs.readFileSync('" + path +
                              "')).then(r=>console.log(r.instance.exports.run()))\" 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return std::nullopt;
  char line[64] = {};
  const bool got = std::fgets(line, sizeof line, pipe) != nullptr;
  if (pclose(pipe) != 0 || !got) return std::nullopt;
  return static_cast<int32_t>(std::strtoll(line, nullptr, 10));
}

class Kernel : public ::testing::TestWithParam<std::string> {};

TEST_P(Kernel, MatchesNode) {
  const std::string path = kernel_path(GetParam());
  auto expected = run_in_node(path);
  if (!expected) GTEST_SKIP() << "node is not available";
  Engine engine;
  Store store(engine);
  Linker linker(engine);
  Module module = Fixture::must(Module::from_file(engine, path));
  Instance instance = Fixture::must(linker.instantiate(store, module));
  auto run = Fixture::must(instance.get_func("run")->typed<int32_t()>());
  EXPECT_EQ(Fixture::must(run.call(store)), *expected);
}

INSTANTIATE_TEST_SUITE_P(All, Kernel,
                         ::testing::Values("fib", "sieve", "matmul", "sha256", "nbody", "mandelbrot", "quicksort", "lz77",
                                           "crc32"));

}  // namespace
}  // namespace stratus::exec_test
