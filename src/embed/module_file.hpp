// Reading a module file with a size limit, so that a path naming /dev/zero, a FIFO or a
// sparse file of terabytes costs no more than the limit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stratus/result.hpp"

namespace stratus::detail {

// The whole file, or ErrorKind::Resource as soon as it is known to hold more than
// `max_bytes` (a regular file before anything is read: its size is asked first, and it is
// then read into one buffer of that size; anything else after at most max_bytes + 1 bytes).
// ErrorKind::Io when the file cannot be opened or read.
Result<std::vector<uint8_t>> read_module_file(const std::string& path, uint64_t max_bytes);

}  // namespace stratus::detail
