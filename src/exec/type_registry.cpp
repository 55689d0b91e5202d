#include "exec/type_registry.hpp"

#include <functional>

namespace stratus::exec {

namespace {
size_t hash_type(const FuncType& t) {
  size_t h = t.params.size() * 31 + t.results.size();
  for (ValType v : t.params) h = h * 131 + static_cast<size_t>(v);
  h = h * 1000003;
  for (ValType v : t.results) h = h * 131 + static_cast<size_t>(v);
  return h;
}
}  // namespace

const FuncType* TypeRegistry::intern(const FuncType& type) {
  const size_t h = hash_type(type);
  std::lock_guard lock(mutex_);
  auto [first, last] = by_hash_.equal_range(h);
  for (auto it = first; it != last; ++it)
    if (*it->second == type) return it->second;
  const FuncType* stored = &storage_.emplace_back(type);
  by_hash_.emplace(h, stored);
  return stored;
}

}  // namespace stratus::exec
