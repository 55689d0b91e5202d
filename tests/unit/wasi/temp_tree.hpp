// A scratch directory tree for sandbox tests, removed when the test ends.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include <stdlib.h>

namespace stratus::wasi::testing {

class TempTree {
 public:
  TempTree() {
    std::string pattern = (std::filesystem::temp_directory_path() / "stratus-wasi-XXXXXX").string();
    root_ = mkdtemp(pattern.data());
  }
  ~TempTree() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  std::filesystem::path path(const std::string& relative) const { return root_ / relative; }
  void file(const std::string& relative, const std::string& content) const {
    std::filesystem::create_directories(path(relative).parent_path());
    std::ofstream(path(relative)) << content;
  }
  void dir(const std::string& relative) const { std::filesystem::create_directories(path(relative)); }
  void symlink(const std::string& target, const std::string& relative) const {
    std::filesystem::create_symlink(target, path(relative));
  }
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace stratus::wasi::testing
