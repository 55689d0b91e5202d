// Appends instructions to a ModuleCode's slot buffer and patches operand fields later.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "exec/interp/code.hpp"

namespace stratus::exec {

class CodeBuilder {
 public:
  explicit CodeBuilder(std::vector<Slot>& slots) : slots_(slots) {}

  size_t position() const { return slots_.size(); }

  // Starts an instruction of `slots` slots; returns its position.
  size_t begin(Handler h, unsigned slots) {
    const size_t at = slots_.size();
    slots_.resize(at + slots, 0);
    slots_[at] = reinterpret_cast<uintptr_t>(h);
    return at;
  }
  void set32(size_t instr, unsigned field, uint32_t v) {
    std::memcpy(reinterpret_cast<char*>(&slots_[instr + 1]) + 4 * field, &v, 4);
  }
  void set64(size_t instr, unsigned field, uint64_t v) {
    std::memcpy(reinterpret_cast<char*>(&slots_[instr + 1]) + 4 * field, &v, 8);
  }
  void set_handler(size_t instr, Handler h) { slots_[instr] = reinterpret_cast<uintptr_t>(h); }
  void truncate(size_t position) { slots_.resize(position); }

  // Branch offsets are relative to the branching instruction.
  void set_branch(size_t instr, unsigned field, size_t target) {
    set32(instr, field, static_cast<uint32_t>(static_cast<int32_t>(static_cast<int64_t>(target) - static_cast<int64_t>(instr))));
  }

 private:
  std::vector<Slot>& slots_;
};

}  // namespace stratus::exec
