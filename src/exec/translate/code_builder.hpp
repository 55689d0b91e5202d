// Appends instructions to a function's code buffer and patches operand fields later.
//
// The buffer is malloc'ed and grown with realloc (large blocks move by remapping, and untouched
// capacity costs nothing), so appending an instruction is a capacity test and a few stores;
// lazy translation copies the finished code to where it stays (exec/translate/lazy_translation.cpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "exec/interp/code.hpp"
#include "exec/interp/internal_ops.hpp"

namespace stratus::exec {

class CodeBuilder {
 public:
  CodeBuilder() = default;
  CodeBuilder(const CodeBuilder&) = delete;
  CodeBuilder& operator=(const CodeBuilder&) = delete;
  ~CodeBuilder() { std::free(buf_); }

  size_t position() const { return size_; }
  // Makes room for at least `n` more slots without reallocation.
  void reserve(size_t n) {
    if (size_ + n <= cap_) return;
    const size_t cap = std::max(size_ + n, cap_ * 2);
    void* p = std::realloc(buf_, cap * sizeof(Slot));
    if (!p) throw std::bad_alloc();
    buf_ = static_cast<Slot*>(p);
    cap_ = cap;
  }

  // Starts an instruction of `slots` slots (operands zeroed); returns its position.
  size_t begin(Handler h, unsigned slots) {
    const size_t at = size_;
    // Keeps kPad slots of room so the common sizes zero their operands with fixed stores.
    if (at + slots + kPad > cap_) [[unlikely]] reserve(slots + kPad + 64);
    Slot* p = buf_ + at;
    p[0] = reinterpret_cast<uintptr_t>(h);
    if (slots <= kPad) [[likely]] {
      p[1] = p[2] = p[3] = p[4] = 0;
    } else {
      std::memset(p + 1, 0, (slots - 1) * sizeof(Slot));
    }
    size_ = at + slots;
    return at;
  }
  // Writes or reads one field (an op::<Layout>::<field>) of the instruction at `instr`.
  template <class F>
  void set(size_t instr, F, const typename F::Value& v) {
    F::write(buf_ + instr, v);
  }
  template <class F>
  typename F::Value get(size_t instr, F field) const {
    return field(buf_ + instr);
  }
  Slot* at(size_t instr) { return buf_ + instr; }
  void set_handler(size_t instr, Handler h) { buf_[instr] = reinterpret_cast<uintptr_t>(h); }
  void truncate(size_t position) { size_ = position; }

  // Appends `n` raw slots (what follows the code, such as its pc map).
  void append(const void* data, size_t n) {
    reserve(n);
    if (n) std::memcpy(buf_ + size_, data, n * sizeof(Slot));
    size_ += n;
  }
  // Trims the buffer to what was emitted and hands it over, to be released with std::free.
  Slot* release() {
    if (void* p = std::realloc(buf_, std::max<size_t>(size_, 1) * sizeof(Slot))) buf_ = static_cast<Slot*>(p);
    Slot* out = buf_;
    buf_ = nullptr;
    size_ = cap_ = 0;
    return out;
  }

  // Points the Branch field at 32-bit word `word` of `instr` to `target`; offsets are relative to
  // the branching instruction.
  void set_branch(size_t instr, unsigned word, size_t target) {
    const auto offset = static_cast<uint32_t>(static_cast<int32_t>(static_cast<int64_t>(target) - static_cast<int64_t>(instr)));
    std::memcpy(reinterpret_cast<char*>(buf_ + instr + 1) + 4 * word, &offset, 4);
  }

 private:
  static constexpr unsigned kPad = 5;
  Slot* buf_ = nullptr;
  size_t size_ = 0, cap_ = 0;
};

}  // namespace stratus::exec
