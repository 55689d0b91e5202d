// wasi:filesystem/preopens: the directories the host opened for the guest, with the names
// it sees them by.
#pragma once

#include <string>
#include <vector>

#include "stratus/result.hpp"
#include "wasi/p2/fs_descriptor.hpp"

namespace stratus::wasi::p2 {

struct FsPreopenSpec {
  std::string host_path;
  std::string guest_path;
  bool read_only = false;
};

struct Preopen {
  Descriptor descriptor;
  std::string guest_path;
};

class FsPreopens {
 public:
  // Opens every directory once; a missing one, or a file, is an Io error naming it.
  static Result<FsPreopens> open(const std::vector<FsPreopenSpec>& specs);

  // get-directories: a fresh descriptor per call for each preopen, in configuration order,
  // all sharing the host descriptor opened at creation.
  std::vector<Preopen> get_directories() const { return preopens_; }

 private:
  std::vector<Preopen> preopens_;
};

}  // namespace stratus::wasi::p2
