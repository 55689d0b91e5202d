// A module's type section: one FuncType per distinct type, and per type index which one, so a
// module declaring the same type a million times (3 bytes each) keeps one FuncType (48 bytes)
// and a million ids, of a byte each while there are at most 256 distinct types. Reads like a
// vector of FuncType indexed by type index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "binary/packed_indices.hpp"
#include "stratus/types.hpp"

namespace stratus::binary {

class TypeList {
 public:
  // The type at type index `i`.
  const FuncType& operator[](size_t i) const { return distinct_[ids_[i]]; }
  size_t size() const { return ids_.size(); }
  bool empty() const { return ids_.empty(); }
  void reserve(size_t n) { ids_.reserve(n); }

  // Which distinct type type index `i` is: an index into distinct().
  uint32_t id(size_t i) const { return ids_[i]; }
  std::span<const FuncType> distinct() const { return distinct_; }

  // Appends a type index of a type no earlier index has (as far as the caller knows).
  void push_back(FuncType type) {
    ids_.push_back(static_cast<uint32_t>(distinct_.size()));
    distinct_.push_back(std::move(type));
  }
  // Appends a type index of the same type as distinct() entry `id`.
  void push_back_same_as(uint32_t id) { ids_.push_back(id); }

 private:
  std::vector<FuncType> distinct_;
  PackedIndices ids_;
};

}  // namespace stratus::binary
