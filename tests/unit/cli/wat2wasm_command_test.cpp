// `stratus wat2wasm`: the file it writes is wat_to_binary's (a module's or a component's),
// names with --debug-names, and a text that does not convert leaves no output behind.
#include "cli/wat2wasm_command.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "cli/exit_codes.hpp"
#include "stratus/text.hpp"

namespace stratus::cli {
namespace {

namespace fs = std::filesystem;

class Wat2WasmCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("stratus-wat2wasm-cli-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  static std::vector<uint8_t> read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  fs::path dir_;
};

constexpr const char* kText = "(module (func $f (param $x i32)))";

TEST_F(Wat2WasmCommand, WritesTheBinaryWithNamesWhenAsked) {
  const fs::path wat = write("m.wat", kText);
  const fs::path out = dir_ / "named.wasm";
  ASSERT_EQ(wat2wasm_command({wat.string(), "--debug-names", "-o", out.string()}), 0);
  EXPECT_EQ(read(out), *text::wat_to_binary(kText, {.debug_names = true}));
  ASSERT_EQ(wat2wasm_command({wat.string()}), 0);  // beside the text, without names
  EXPECT_EQ(read(dir_ / "m.wasm"), *text::wat_to_binary(kText));
}

TEST_F(Wat2WasmCommand, ConvertsAComponentToo) {
  constexpr const char* kComponent = "(component $c (core module $m) (import \"f\" (func $f (param \"x\" u32))))";
  const fs::path wat = write("c.wat", kComponent);
  ASSERT_EQ(wat2wasm_command({wat.string()}), 0);
  const std::vector<uint8_t> binary = read(dir_ / "c.wasm");
  EXPECT_EQ(binary, *text::wat_to_binary(kComponent));
  ASSERT_GE(binary.size(), 8u);
  EXPECT_EQ(binary[4], 0x0d);  // the component binary's version, layer 1
  EXPECT_EQ(binary[6], 0x01);
}

TEST_F(Wat2WasmCommand, AMalformedTextNamesWhereAndWritesNothing) {
  const fs::path wat = write("bad.wat", "(module\n  (func i32.ad))");
  const fs::path out = dir_ / "bad.wasm";
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(wat2wasm_command({wat.string(), "-o", out.string()}), kExitUsage);
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find(wat.string() + ":2:9: unknown operator i32.ad"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(Wat2WasmCommand, AMissingFileOrNoFileIsAUsageError) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(wat2wasm_command({(dir_ / "none.wat").string()}), kExitUsage);
  EXPECT_EQ(wat2wasm_command({}), kExitUsage);
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("cannot open"), std::string::npos) << err;
}

}  // namespace
}  // namespace stratus::cli
