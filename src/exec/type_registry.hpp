// Engine-wide interning of function types, so call_indirect and imports compare by pointer.
#pragma once

#include <deque>
#include <mutex>
#include <unordered_map>

#include "stratus/types.hpp"

namespace stratus::exec {

class TypeRegistry {
 public:
  // Thread-safe; the returned pointer lives as long as the registry.
  const FuncType* intern(const FuncType& type);

 private:
  std::mutex mutex_;
  std::deque<FuncType> storage_;
  std::unordered_multimap<size_t, const FuncType*> by_hash_;
};

}  // namespace stratus::exec
