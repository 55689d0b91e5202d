// Shared machinery for writing handlers: the signature, dispatch, and cell access.
// Included only by the handler .cpp files.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <tuple>
#include <type_traits>

#include "exec/interp/code.hpp"
#include "exec/interp/exec_env.hpp"
#include "stratus/value.hpp"

#define STRATUS_PRESERVE_NONE __attribute__((preserve_none))

// Every handler has this shape so the tail calls between them pass the hot state in registers.
#define HANDLER_ARGS                                                              \
  [[maybe_unused]] const ::stratus::exec::Slot *ip, [[maybe_unused]] uint64_t *fp, \
      [[maybe_unused]] uint8_t *mem, [[maybe_unused]] ::stratus::exec::ExecEnv *env

// Continue with the instruction `slots` further on.
#define DISPATCH_AT(next_ip)                                                                   \
  do {                                                                                         \
    ip = (next_ip);                                                                            \
    [[clang::musttail]] return reinterpret_cast<::stratus::exec::Handler>(ip[0])(ip, fp, mem, env); \
  } while (0)
#define NEXT(slots) DISPATCH_AT(ip + (slots))

// Continue at `next_ip` (a loop header, or a callee's first instruction) after the
// interruption check. The check's usual answer, no, costs one load of the env's flag. A raised
// flag is only a hint, so the check tail-calls check_interrupt to decide: a tail call, not a
// call, so the hot path needs no stack frame, and check_interrupt resumes at `next_ip`
// itself when the flag was stale. An interrupt trap is reported at `next_ip`.
#define DISPATCH_CHECKED(next_ip)                                                              \
  do {                                                                                         \
    ip = (next_ip);                                                                            \
    if (env->interrupt_flag.load(std::memory_order_relaxed) != 0) [[unlikely]] {               \
      [[clang::musttail]] return ::stratus::exec::interp::check_interrupt(ip, fp, mem, env);   \
    }                                                                                          \
    [[clang::musttail]] return reinterpret_cast<::stratus::exec::Handler>(ip[0])(ip, fp, mem, env); \
  } while (0)

namespace stratus::exec::interp {

// Cell access in the cell format: i32/f32 zero-extended, v128 over two cells.
template <class T>
inline T get(const uint64_t* cell) {
  if constexpr (std::is_same_v<T, uint32_t>) return static_cast<uint32_t>(*cell);
  else if constexpr (std::is_same_v<T, uint64_t>) return *cell;
  else if constexpr (std::is_same_v<T, float>) return std::bit_cast<float>(static_cast<uint32_t>(*cell));
  else if constexpr (std::is_same_v<T, double>) return std::bit_cast<double>(*cell);
  else if constexpr (std::is_same_v<T, uint8_t>) return static_cast<uint8_t>(*cell);
  else {
    static_assert(std::is_same_v<T, V128>);
    V128 v;
    std::memcpy(v.bytes, cell, 16);
    return v;
  }
}
template <class T>
inline void put(uint64_t* cell, T v) {
  if constexpr (std::is_same_v<T, uint32_t>) *cell = v;
  else if constexpr (std::is_same_v<T, uint64_t>) *cell = v;
  else if constexpr (std::is_same_v<T, float>) *cell = std::bit_cast<uint32_t>(v);
  else if constexpr (std::is_same_v<T, double>) *cell = std::bit_cast<uint64_t>(v);
  else {
    static_assert(std::is_same_v<T, V128>);
    std::memcpy(cell, v.bytes, 16);
  }
}
template <class F> struct FnTraits;
template <class R, class... A>
struct FnTraits<R (*)(A...)> {
  using Ret = R;
  using Args = std::tuple<A...>;
  static constexpr size_t arity = sizeof...(A);
  template <size_t I> using Arg = std::tuple_element_t<I, Args>;
};

// Branch offsets are signed slot counts from the branching instruction.
inline const Slot* branch_target(const Slot* ip, uint32_t field) {
  return ip + static_cast<int32_t>(field);
}

// The slow half of DISPATCH_CHECKED, entered with ip = where execution continues: traps there
// if the deadline is due, else carries on there. Defined in special_handlers.cpp.
[[gnu::noinline, gnu::cold]] STRATUS_PRESERVE_NONE Status check_interrupt(HANDLER_ARGS);

}  // namespace stratus::exec::interp
