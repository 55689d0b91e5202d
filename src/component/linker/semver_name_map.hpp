// A map from import names to definitions that answers, after the exact name, to any
// semver-compatible name (see semver_key.hpp), with the newest compatible definition winning.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "component/linker/semver_key.hpp"

namespace stratus::component::detail {

template <class T>
class SemverNameMap {
 public:
  // False, changing nothing, when `name` is defined already and `replace` is not set.
  bool insert(std::string_view name, T value, bool replace) {
    auto it = exact_.find(name);
    if (it != exact_.end()) {
      if (!replace) return false;
      it->second = std::move(value);
      return true;
    }
    exact_.emplace(std::string(name), std::move(value));
    if (auto key = compatibility_key(name)) {
      auto newest = compatible_.find(key->key);
      if (newest == compatible_.end()) {
        compatible_.emplace(std::move(key->key), Newest{std::string(name), std::move(key->version)});
      } else if (compare_semver(newest->second.version, key->version) < 0) {
        newest->second = Newest{std::string(name), std::move(key->version)};
      }
    }
    return true;
  }

  T* find_exact(std::string_view name) {
    auto it = exact_.find(name);
    return it == exact_.end() ? nullptr : &it->second;
  }

  // The definition of `name`, else of the newest name semver-compatible with it.
  const T* find(std::string_view name) const {
    if (auto it = exact_.find(name); it != exact_.end()) return &it->second;
    auto key = compatibility_key(name);
    if (!key) return nullptr;
    auto newest = compatible_.find(key->key);
    if (newest == compatible_.end()) return nullptr;
    return &exact_.find(newest->second.name)->second;
  }
  // The name find() resolves `name` to, or nullptr.
  const std::string* resolved_name(std::string_view name) const {
    if (auto it = exact_.find(name); it != exact_.end()) return &it->first;
    auto key = compatibility_key(name);
    if (!key) return nullptr;
    auto newest = compatible_.find(key->key);
    return newest == compatible_.end() ? nullptr : &newest->second.name;
  }

  const std::map<std::string, T, std::less<>>& entries() const { return exact_; }

 private:
  struct Newest {
    std::string name;
    Semver version;
  };
  std::map<std::string, T, std::less<>> exact_;
  std::map<std::string, Newest, std::less<>> compatible_;
};

}  // namespace stratus::component::detail
