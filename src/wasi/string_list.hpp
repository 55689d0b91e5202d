// A guest's arguments or environment, packed: the strings NUL-terminated back to back in one
// buffer, as args_get and environ_get hand them over, plus where each one ends. A string
// costs its bytes and 5 more, where a std::string costs at least 32: a command line of
// 100,000 short arguments is held in 1 MB, not 3.2.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stratus::wasi {

class StringList {
 public:
  StringList() = default;
  StringList(std::initializer_list<std::string_view> strings) {
    for (std::string_view s : strings) push_back(s);
  }
  template <class Strings>
  static StringList of(const Strings& strings) {
    StringList out;
    size_t bytes = 0;
    for (const auto& s : strings) bytes += std::string_view(s).size() + 1;
    out.reserve(strings.size(), bytes);
    for (const auto& s : strings) out.push_back(s);
    return out;
  }

  void reserve(size_t count, size_t bytes) {
    ends_.reserve(count);
    packed_.reserve(bytes);
  }
  // A list past 4 GiB in all is a length_error: a guest could not be handed it anyway.
  void push_back(std::string_view s) {
    if (s.size() >= UINT32_MAX - packed_.size()) throw std::length_error("more than 4 GiB of strings");
    packed_.append(s);
    packed_.push_back('\0');
    ends_.push_back(static_cast<uint32_t>(packed_.size()));
  }

  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](size_t i) const {
    const uint32_t begin = i ? ends_[i - 1] : 0;
    return std::string_view(packed_).substr(begin, ends_[i] - begin - 1);
  }
  // Every string with its terminating NUL, back to back.
  std::string_view packed() const { return packed_; }
  // Where string `i` starts in packed().
  uint32_t offset(size_t i) const { return i ? ends_[i - 1] : 0; }
  std::vector<std::string> to_vector() const {
    std::vector<std::string> out;
    out.reserve(size());
    for (size_t i = 0; i < size(); ++i) out.emplace_back((*this)[i]);
    return out;
  }

  friend bool operator==(const StringList& a, const StringList& b) {
    return a.packed_ == b.packed_ && a.ends_ == b.ends_;
  }

 private:
  std::string packed_;
  std::vector<uint32_t> ends_;
};

}  // namespace stratus::wasi
