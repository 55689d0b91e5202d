#include "binary/limits.hpp"

namespace stratus::binary {

std::string too_many(std::string_view what, uint64_t count, uint64_t limit) {
  std::string out = "too many ";
  out.append(what);
  out.append(": ");
  out.append(std::to_string(count));
  out.append(", more than the implementation limit of ");
  out.append(std::to_string(limit));
  return out;
}

}  // namespace stratus::binary
