// Module::from_file reads at most its limit, from regular files, FIFOs and devices alike.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string limit_message(uint64_t limit) {
  return "is larger than the " + std::to_string(limit) + "-byte limit (max_component_size)";
}

class ModuleFileTest : public ::testing::Test {
 protected:
  ModuleFileTest() {
    dir = fs::temp_directory_path() / ("stratus_module_file_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::signal(SIGPIPE, SIG_IGN);  // the FIFO writers see EPIPE once the reader gives up
  }
  ~ModuleFileTest() override { fs::remove_all(dir); }

  void expect_too_large(const Result<Module>& m, uint64_t limit) {
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind(), ErrorKind::Resource);
    EXPECT_NE(m.error().message().find(limit_message(limit)), std::string::npos) << m.error().message();
  }

  Engine engine;
  fs::path dir;
};

TEST_F(ModuleFileTest, RegularFileAtAndPastTheLimit) {
  const std::string path = test::wasm_path("add");
  const uint64_t size = fs::file_size(path);
  EXPECT_TRUE(Module::from_file(engine, path, size));
  expect_too_large(Module::from_file(engine, path, size - 1), size - 1);
}

TEST_F(ModuleFileTest, HugeSparseFileIsRefusedByItsSize) {
  const std::string path = (dir / "sparse.wasm").string();
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, off_t{3} << 30), 0);
  ::close(fd);
  expect_too_large(Module::from_file(engine, path), kDefaultMaxModuleFileSize);
}

// A writer that sends `bytes` then, if `forever`, zeros until the reader closes the FIFO.
struct FifoWriter {
  FifoWriter(const std::string& path, std::vector<uint8_t> bytes, bool forever)
      : thread([this, path, bytes = std::move(bytes), forever] {
          const int fd = ::open(path.c_str(), O_WRONLY);
          if (fd < 0) return;
          if (::write(fd, bytes.data(), bytes.size()) > 0) written += bytes.size();
          const std::vector<uint8_t> zeros(1 << 16, 0);
          while (forever) {
            const ssize_t n = ::write(fd, zeros.data(), zeros.size());
            if (n <= 0) break;
            written += static_cast<uint64_t>(n);
          }
          ::close(fd);
        }) {}
  ~FifoWriter() { finish(); }
  // Waits for the writer to stop; what it managed to write.
  uint64_t finish() {
    if (thread.joinable()) thread.join();
    return written;
  }
  std::atomic<uint64_t> written{0};
  std::thread thread;
};

TEST_F(ModuleFileTest, FifoUnderTheLimitCompiles) {
  const std::string path = (dir / "module.fifo").string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  FifoWriter writer(path, file_bytes(test::wasm_path("add")), false);
  auto m = Module::from_file(engine, path, 1 << 20);
  EXPECT_TRUE(m) << m.error().message();
}

TEST_F(ModuleFileTest, EndlessFifoStopsOneBytePastTheLimit) {
  const std::string path = (dir / "endless.fifo").string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const uint64_t limit = 1 << 20;
  FifoWriter writer(path, {}, true);
  expect_too_large(Module::from_file(engine, path, limit), limit);
  // What the reader took, plus at most what the pipe buffered when it closed.
  EXPECT_LE(writer.finish(), limit + (uint64_t{1} << 20));
}

TEST_F(ModuleFileTest, DevZeroIsRefused) {
  expect_too_large(Module::from_file(engine, "/dev/zero", 1 << 20), 1 << 20);
}

TEST_F(ModuleFileTest, DirectoryIsAnIoError) {
  auto m = Module::from_file(engine, dir.string());
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind(), ErrorKind::Io);
}

}  // namespace
}  // namespace stratus
