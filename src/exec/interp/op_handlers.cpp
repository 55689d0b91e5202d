// Handlers for every instruction with a fixed type signature, generated from the semantics
// (interp/semantics.hpp, simd/simd_ops.hpp) by deducing operand types from each function.
#include <array>

#include "exec/interp/handler_support.hpp"
#include "exec/interp/handlers.hpp"
#include "exec/interp/semantics.hpp"

#if __has_include("exec/simd/simd_ops.hpp")
#include "exec/simd/simd_ops.hpp"
#define STRATUS_HAVE_SIMD 1
#else
#define STRATUS_HAVE_SIMD 0
#endif

namespace stratus::exec::interp {
namespace {

using binary::Op;

template <class R> struct TrappingValue { using type = void; };
template <class R> struct TrappingValue<sem::Trapping<R>> { using type = R; };
template <class R> constexpr bool is_trapping = !std::is_void_v<typename TrappingValue<R>::type>;

// Stores `r` into cell `dst`, or traps if the operation failed.
#define STORE_RESULT_OR_TRAP(R, dst, r)                                               \
  if constexpr (is_trapping<R>) {                                                     \
    if (r.trapped) [[unlikely]] return raise(env, r.kind, ip);                        \
    put(fp + (dst), r.value);                                                         \
  } else {                                                                            \
    put(fp + (dst), r);                                                               \
  }

// The layout of a reg handler: operands in cells, lane indices (uint8_t parameters) immediates.
template <class T, size_t Arity = T::arity> struct RegLayoutFor;
template <class T> struct RegLayoutFor<T, 1> { using type = op::Unary; };
template <class T> struct RegLayoutFor<T, 2> {
  using type = std::conditional_t<std::is_same_v<typename T::template Arg<1>, uint8_t>, op::UnaryLane, op::Binary>;
};
template <class T> struct RegLayoutFor<T, 3> {
  using type = std::conditional_t<std::is_same_v<typename T::template Arg<2>, uint8_t>, op::BinaryLane, op::Ternary>;
};
template <auto F>
using RegLayout = typename RegLayoutFor<FnTraits<decltype(F)>>::type;

template <auto F>
STRATUS_PRESERVE_NONE Status op_reg(HANDLER_ARGS) {
  using T = FnTraits<decltype(F)>;
  using R = typename T::Ret;
  using L = RegLayout<F>;
  const uint32_t dst = L::dst(ip);
  if constexpr (T::arity == 1) {
    R r = F(get<typename T::template Arg<0>>(fp + L::a(ip)));
    STORE_RESULT_OR_TRAP(R, dst, r);
  } else if constexpr (T::arity == 2) {
    using B = typename T::template Arg<1>;
    B rhs;
    if constexpr (std::is_same_v<B, uint8_t>) rhs = static_cast<uint8_t>(L::lane(ip));
    else rhs = get<B>(fp + L::b(ip));
    R r = F(get<typename T::template Arg<0>>(fp + L::a(ip)), rhs);
    STORE_RESULT_OR_TRAP(R, dst, r);
  } else {
    using C = typename T::template Arg<2>;
    C third;
    if constexpr (std::is_same_v<C, uint8_t>) third = static_cast<uint8_t>(L::lane(ip));
    else third = get<C>(fp + L::c(ip));
    R r = F(get<typename T::template Arg<0>>(fp + L::a(ip)), get<typename T::template Arg<1>>(fp + L::b(ip)), third);
    STORE_RESULT_OR_TRAP(R, dst, r);
  }
  NEXT(L::slots);
}

// An immediate right operand of type B: its layout, and its value.
template <class B>
using ImmLayout = std::conditional_t<sizeof(B) == 8, op::BinaryImm64, op::BinaryImm32>;
template <class B>
using BranchImmLayout = std::conditional_t<sizeof(B) == 8, op::CompareBranchImm64, op::CompareBranchImm32>;

// Binary operation with an immediate right operand.
template <auto F>
STRATUS_PRESERVE_NONE Status op_imm(HANDLER_ARGS) {
  using T = FnTraits<decltype(F)>;
  using R = typename T::Ret;
  using B = typename T::template Arg<1>;
  using L = ImmLayout<B>;
  const uint32_t dst = L::dst(ip);
  R r = F(get<typename T::template Arg<0>>(fp + L::a(ip)), L::imm.template as<B>(ip));
  STORE_RESULT_OR_TRAP(R, dst, r);
  NEXT(L::slots);
}

template <auto F, bool Negate, bool Check>
STRATUS_PRESERVE_NONE Status branch_reg(HANDLER_ARGS) {
  using T = FnTraits<decltype(F)>;
  using L = std::conditional_t<T::arity == 1, op::TestBranch, op::CompareBranch>;
  bool taken;
  if constexpr (T::arity == 1)
    taken = F(get<typename T::template Arg<0>>(fp + L::a(ip))) != 0;
  else
    taken = F(get<typename T::template Arg<0>>(fp + L::a(ip)), get<typename T::template Arg<1>>(fp + L::b(ip))) != 0;
  if (taken != Negate) {
    if constexpr (Check) DISPATCH_CHECKED(branch_target(ip, L::off(ip)));
    else DISPATCH_AT(branch_target(ip, L::off(ip)));
  }
  NEXT(L::slots);
}

template <auto F, bool Negate, bool Check>
STRATUS_PRESERVE_NONE Status branch_imm(HANDLER_ARGS) {
  using T = FnTraits<decltype(F)>;
  using B = typename T::template Arg<1>;
  using L = BranchImmLayout<B>;
  const bool taken = F(get<typename T::template Arg<0>>(fp + L::a(ip)), L::imm.template as<B>(ip)) != 0;
  if (taken != Negate) {
    if constexpr (Check) DISPATCH_CHECKED(branch_target(ip, L::off(ip)));
    else DISPATCH_AT(branch_target(ip, L::off(ip)));
  }
  NEXT(L::slots);
}

// The address of an access of `bytes` at addr + offset, or null after raising the trap.
// With guard pages the reservation covers any u32 + u32 + 16, so no check is needed.
template <bool Explicit>
inline uint8_t* effective(uint8_t* mem, ExecEnv* env, uint32_t addr, uint32_t offset, uint32_t bytes) {
  const uint64_t ea = uint64_t{addr} + offset;
  if constexpr (Explicit) {
    if (ea + bytes > env->memory->size) [[unlikely]] return nullptr;
  } else {
    (void)env;
    (void)bytes;
  }
  return mem + ea;
}

template <class M, class C, bool Explicit>
STRATUS_PRESERVE_NONE Status load(HANDLER_ARGS) {
  using L = op::Load;
  uint8_t* p = effective<Explicit>(mem, env, get<uint32_t>(fp + L::addr(ip)), L::offset(ip), sizeof(M));
  if (Explicit && !p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  M m;
  std::memcpy(&m, p, sizeof m);
  put<C>(fp + L::dst(ip), static_cast<C>(m));
  NEXT(L::slots);
}

template <class C, class M, bool Explicit>
STRATUS_PRESERVE_NONE Status store(HANDLER_ARGS) {
  using L = op::Store;
  uint8_t* p = effective<Explicit>(mem, env, get<uint32_t>(fp + L::addr(ip)), L::offset(ip), sizeof(M));
  if (Explicit && !p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  const M m = static_cast<M>(get<C>(fp + L::value(ip)));
  std::memcpy(p, &m, sizeof m);
  NEXT(L::slots);
}

// The address operand of a fused i32.add + access: (a + b) mod 2^32, b a cell or an immediate.
template <bool ImmB>
inline uint32_t sum_address(const uint64_t* fp, uint32_t a_field_value, uint32_t b_field_value) {
  const uint32_t a = get<uint32_t>(fp + a_field_value);
  const uint32_t b = ImmB ? b_field_value : get<uint32_t>(fp + b_field_value);
  return a + b;
}

template <class M, class C, bool Explicit, bool ImmB>
STRATUS_PRESERVE_NONE Status load_add(HANDLER_ARGS) {
  using L = op::LoadAdd;
  const uint32_t addr = sum_address<ImmB>(fp, L::a(ip), L::b(ip));
  uint8_t* p = effective<Explicit>(mem, env, addr, L::offset(ip), sizeof(M));
  if (Explicit && !p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  M m;
  std::memcpy(&m, p, sizeof m);
  put<C>(fp + L::dst(ip), static_cast<C>(m));
  NEXT(L::slots);
}

template <class C, class M, bool Explicit, bool ImmB, bool ConstValue>
STRATUS_PRESERVE_NONE Status store_add(HANDLER_ARGS) {
  using L = std::conditional_t<ConstValue, op::StoreAddConst, op::StoreAdd>;
  const uint32_t addr = sum_address<ImmB>(fp, L::a(ip), L::b(ip));
  uint8_t* p = effective<Explicit>(mem, env, addr, L::offset(ip), sizeof(M));
  if (Explicit && !p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  M m;
  if constexpr (ConstValue) m = static_cast<M>(L::value(ip));
  else m = static_cast<M>(get<C>(fp + L::value(ip)));
  std::memcpy(p, &m, sizeof m);
  NEXT(L::slots);
}

// A binary op whose operand `LoadLhs ? a : b` is loaded from [addr + offset].
template <auto F, bool Explicit, bool LoadLhs>
STRATUS_PRESERVE_NONE Status op_with_load(HANDLER_ARGS) {
  using T = typename FnTraits<decltype(F)>::template Arg<0>;
  using L = op::WithLoad;
  uint8_t* p = effective<Explicit>(mem, env, get<uint32_t>(fp + L::addr(ip)), L::offset(ip), sizeof(T));
  if (Explicit && !p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  T loaded;
  std::memcpy(&loaded, p, sizeof loaded);
  const T other = get<T>(fp + L::other(ip));
  if constexpr (LoadLhs) put(fp + L::dst(ip), F(loaded, other));
  else put(fp + L::dst(ip), F(other, loaded));
  NEXT(L::slots);
}

// Stores op(a, b) at [addr + offset] (full width of the op's type).
template <auto F, bool Explicit>
STRATUS_PRESERVE_NONE Status op_store(HANDLER_ARGS) {
  using T = typename FnTraits<decltype(F)>::template Arg<0>;
  using L = op::OpStore;
  uint8_t* p = effective<Explicit>(mem, env, get<uint32_t>(fp + L::addr(ip)), L::offset(ip), sizeof(T));
  if (Explicit && !p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  const T r = F(get<T>(fp + L::a(ip)), get<T>(fp + L::b(ip)));
  std::memcpy(p, &r, sizeof r);
  NEXT(L::slots);
}

// [addr + offset] = LoadLhs ? op(mem, other) : op(other, mem).
template <auto F, bool Explicit, bool LoadLhs>
STRATUS_PRESERVE_NONE Status op_rmw(HANDLER_ARGS) {
  using T = typename FnTraits<decltype(F)>::template Arg<0>;
  using L = op::Rmw;
  uint8_t* p = effective<Explicit>(mem, env, get<uint32_t>(fp + L::addr(ip)), L::offset(ip), sizeof(T));
  if (Explicit && !p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  T loaded;
  std::memcpy(&loaded, p, sizeof loaded);
  const T other = get<T>(fp + L::other(ip));
  const T r = LoadLhs ? F(loaded, other) : F(other, loaded);
  std::memcpy(p, &r, sizeof r);
  NEXT(L::slots);
}

// op_with_load whose address is (a + imm) mod 2^32.
template <auto F, bool Explicit, bool LoadLhs>
STRATUS_PRESERVE_NONE Status op_with_load_add(HANDLER_ARGS) {
  using T = typename FnTraits<decltype(F)>::template Arg<0>;
  using L = op::WithLoadAdd;
  const uint32_t addr = get<uint32_t>(fp + L::a(ip)) + L::imm(ip);
  uint8_t* p = effective<Explicit>(mem, env, addr, L::offset(ip), sizeof(T));
  if (Explicit && !p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  T loaded;
  std::memcpy(&loaded, p, sizeof loaded);
  const T other = get<T>(fp + L::other(ip));
  if constexpr (LoadLhs) put(fp + L::dst(ip), F(loaded, other));
  else put(fp + L::dst(ip), F(other, loaded));
  NEXT(L::slots);
}

// Outer(x, Inner(a, b)) or Outer(Inner(a, b), x).
template <auto Outer, auto Inner, bool InnerLhs>
STRATUS_PRESERVE_NONE Status op_chain(HANDLER_ARGS) {
  using T = typename FnTraits<decltype(Outer)>::template Arg<0>;
  using L = op::Chain;
  const T x = get<T>(fp + L::x(ip));
  const T inner = Inner(get<T>(fp + L::a(ip)), get<T>(fp + L::b(ip)));
  put(fp + L::dst(ip), InnerLhs ? Outer(inner, x) : Outer(x, inner));
  NEXT(L::slots);
}

// [addr + offset] = Outer(mem, Inner(x, mem2)) with the operand orders given.
// The inner load comes first, as in the unfused code. The outer access is always checked
// explicitly (with guard pages too, where a fault could only name the inner load): a failure
// reports ip + 1, which the translator maps to the outer load's wasm offset.
template <auto Outer, auto Inner, bool Explicit, bool OuterLoadLhs, bool InnerLoadLhs, bool AddB>
STRATUS_PRESERVE_NONE Status op_rmw_mul(HANDLER_ARGS) {
  using T = typename FnTraits<decltype(Outer)>::template Arg<0>;
  using L = op::RmwMul;
  const uint32_t b = get<uint32_t>(fp + L::b(ip)) + (AddB ? L::b_imm(ip) : 0u);
  uint8_t* q = effective<Explicit>(mem, env, b, L::b_offset(ip), sizeof(T));
  if (Explicit && !q) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  T m2;
  std::memcpy(&m2, q, sizeof m2);
  uint8_t* p = effective<true>(mem, env, get<uint32_t>(fp + L::addr(ip)), L::offset(ip), sizeof(T));
  if (!p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip + 1);
  const T x = get<T>(fp + L::x(ip));
  const T inner = InnerLoadLhs ? Inner(m2, x) : Inner(x, m2);
  T m1;
  std::memcpy(&m1, p, sizeof m1);
  const T r = OuterLoadLhs ? Outer(m1, inner) : Outer(inner, m1);
  std::memcpy(p, &r, sizeof r);
  NEXT(L::slots);
}

// dst = src + inc; branch on F(dst, rhs).
template <auto F, bool ImmRhs, bool Negate, bool Check>
STRATUS_PRESERVE_NONE Status add_branch(HANDLER_ARGS) {
  using L = op::AddBranch;
  const uint32_t v = get<uint32_t>(fp + L::src(ip)) + L::inc(ip);
  fp[L::dst(ip)] = v;
  const uint32_t rhs = ImmRhs ? L::rhs(ip) : get<uint32_t>(fp + L::rhs(ip));
  if ((F(v, rhs) != 0) != Negate) {
    if constexpr (Check) DISPATCH_CHECKED(branch_target(ip, L::off(ip)));
    else DISPATCH_AT(branch_target(ip, L::off(ip)));
  }
  NEXT(L::slots);
}

// op(a, shift(b, k)) for a commutative op and a shift/rotate by the constant k.
template <auto F, auto G>
STRATUS_PRESERVE_NONE Status op_with_shift(HANDLER_ARGS) {
  using L = op::WithShift;
  const uint32_t shifted = G(get<uint32_t>(fp + L::b(ip)), L::k(ip));
  put(fp + L::dst(ip), F(get<uint32_t>(fp + L::a(ip)), shifted));
  NEXT(L::slots);
}

template <Op> struct MemOp;
#define LOAD_OP(name, M, C) \
  template <> struct MemOp<Op::name> { static constexpr bool is_load = true; using Mem = M; using Cell = C; };
#define STORE_OP(name, C, M) \
  template <> struct MemOp<Op::name> { static constexpr bool is_load = false; using Mem = M; using Cell = C; };
LOAD_OP(I32Load, uint32_t, uint32_t)
LOAD_OP(I64Load, uint64_t, uint64_t)
LOAD_OP(F32Load, float, float)
LOAD_OP(F64Load, double, double)
LOAD_OP(I32Load8S, int8_t, uint32_t)
LOAD_OP(I32Load8U, uint8_t, uint32_t)
LOAD_OP(I32Load16S, int16_t, uint32_t)
LOAD_OP(I32Load16U, uint16_t, uint32_t)
LOAD_OP(I64Load8S, int8_t, uint64_t)
LOAD_OP(I64Load8U, uint8_t, uint64_t)
LOAD_OP(I64Load16S, int16_t, uint64_t)
LOAD_OP(I64Load16U, uint16_t, uint64_t)
LOAD_OP(I64Load32S, int32_t, uint64_t)
LOAD_OP(I64Load32U, uint32_t, uint64_t)
STORE_OP(I32Store, uint32_t, uint32_t)
STORE_OP(I64Store, uint64_t, uint64_t)
STORE_OP(F32Store, float, float)
STORE_OP(F64Store, double, double)
STORE_OP(I32Store8, uint32_t, uint8_t)
STORE_OP(I32Store16, uint32_t, uint16_t)
STORE_OP(I64Store8, uint64_t, uint8_t)
STORE_OP(I64Store16, uint64_t, uint16_t)
STORE_OP(I64Store32, uint64_t, uint32_t)
#undef LOAD_OP
#undef STORE_OP

#if STRATUS_HAVE_SIMD
template <auto F, uint32_t Bytes, bool Explicit>
STRATUS_PRESERVE_NONE Status simd_load(HANDLER_ARGS) {
  using L = op::Load;
  uint8_t* p = effective<Explicit>(mem, env, get<uint32_t>(fp + L::addr(ip)), L::offset(ip), Bytes);
  if (Explicit && !p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  put<V128>(fp + L::dst(ip), F(p));
  NEXT(L::slots);
}
template <auto F, uint32_t Bytes, bool Explicit>
STRATUS_PRESERVE_NONE Status simd_store(HANDLER_ARGS) {
  using L = op::Store;
  uint8_t* p = effective<Explicit>(mem, env, get<uint32_t>(fp + L::addr(ip)), L::offset(ip), Bytes);
  if (Explicit && !p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  F(p, get<V128>(fp + L::value(ip)));
  NEXT(L::slots);
}
template <auto F, uint32_t Bytes, bool Explicit>
STRATUS_PRESERVE_NONE Status simd_load_lane(HANDLER_ARGS) {
  using L = op::LoadLane;
  uint8_t* p = effective<Explicit>(mem, env, get<uint32_t>(fp + L::addr(ip)), L::offset(ip), Bytes);
  if (Explicit && !p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  put<V128>(fp + L::dst(ip), F(p, get<V128>(fp + L::vec(ip)), static_cast<uint8_t>(L::lane(ip))));
  NEXT(L::slots);
}
template <auto F, uint32_t Bytes, bool Explicit>
STRATUS_PRESERVE_NONE Status simd_store_lane(HANDLER_ARGS) {
  using L = op::StoreLane;
  uint8_t* p = effective<Explicit>(mem, env, get<uint32_t>(fp + L::addr(ip)), L::offset(ip), Bytes);
  if (Explicit && !p) [[unlikely]] return raise(env, TrapKind::OutOfBoundsMemoryAccess, ip);
  F(p, get<V128>(fp + L::vec(ip)), static_cast<uint8_t>(L::lane(ip)));
  NEXT(L::slots);
}
template <auto F>
STRATUS_PRESERVE_NONE Status simd_shuffle(HANDLER_ARGS) {
  using L = op::Shuffle;
  V128 lanes;
  std::memcpy(lanes.bytes, L::lanes.address(ip), 16);
  put<V128>(fp + L::dst(ip), F(get<V128>(fp + L::a(ip)), get<V128>(fp + L::b(ip)), lanes));
  NEXT(L::slots);
}
#endif

// The names of instructions without generic semantics, so every enum name resolves below.
namespace generic_lookup {
using namespace ::stratus::exec::sem;
struct NotGeneric {};
inline constexpr NotGeneric Unreachable{}, Nop{}, Else{}, End{}, Return{}, Drop{}, Select{}, RefIsNull{};
}  // namespace generic_lookup

template <class T> constexpr bool is_scalar_v = std::is_arithmetic_v<T> && !std::is_same_v<T, uint8_t>;

template <auto F>
OpHandlers generic_entry() {
  using T = FnTraits<decltype(F)>;
  OpHandlers h;
  h.reg_layout = RegLayout<F>::id;
  h.reg = &op_reg<F>;
  if constexpr (T::arity == 2) {
    using A = typename T::template Arg<0>;
    using B = typename T::template Arg<1>;
    if constexpr (is_scalar_v<A> && is_scalar_v<B>) {
      h.imm = &op_imm<F>;
      if constexpr (std::is_same_v<typename T::Ret, uint32_t>) {
        h.branch_reg[0][0] = &branch_reg<F, false, false>;
        h.branch_reg[0][1] = &branch_reg<F, false, true>;
        h.branch_reg[1][0] = &branch_reg<F, true, false>;
        h.branch_reg[1][1] = &branch_reg<F, true, true>;
        h.branch_imm[0][0] = &branch_imm<F, false, false>;
        h.branch_imm[0][1] = &branch_imm<F, false, true>;
        h.branch_imm[1][0] = &branch_imm<F, true, false>;
        h.branch_imm[1][1] = &branch_imm<F, true, true>;
      }
    }
  }
  return h;
}

// Only the equality tests against zero fuse with branches among unary ops.
template <auto F>
OpHandlers test_entry() {
  OpHandlers h = generic_entry<F>();
  h.branch_reg[0][0] = &branch_reg<F, false, false>;
  h.branch_reg[0][1] = &branch_reg<F, false, true>;
  h.branch_reg[1][0] = &branch_reg<F, true, false>;
  h.branch_reg[1][1] = &branch_reg<F, true, true>;
  return h;
}

template <Op O>
OpHandlers scalar_memory_entry() {
  using M = MemOp<O>;
  OpHandlers h;
  using Mem = typename M::Mem;
  using Cell = typename M::Cell;
  static_assert(sizeof(Mem) == binary::op_info(O).bytes, "MemOp's memory type disagrees with opcodes.def");
  if constexpr (M::is_load) {
    h.memory[0] = &load<Mem, Cell, false>;
    h.memory[1] = &load<Mem, Cell, true>;
    h.memory_add[0][0] = &load_add<Mem, Cell, false, false>;
    h.memory_add[0][1] = &load_add<Mem, Cell, false, true>;
    h.memory_add[1][0] = &load_add<Mem, Cell, true, false>;
    h.memory_add[1][1] = &load_add<Mem, Cell, true, true>;
  } else {
    h.memory[0] = &store<Cell, Mem, false>;
    h.memory[1] = &store<Cell, Mem, true>;
    h.memory_add[0][0] = &store_add<Cell, Mem, false, false, false>;
    h.memory_add[0][1] = &store_add<Cell, Mem, false, true, false>;
    h.memory_add[1][0] = &store_add<Cell, Mem, true, false, false>;
    h.memory_add[1][1] = &store_add<Cell, Mem, true, true, false>;
    if constexpr (std::is_same_v<Cell, uint32_t>) {
      h.store_add_const[0][0] = &store_add<Cell, Mem, false, false, true>;
      h.store_add_const[0][1] = &store_add<Cell, Mem, false, true, true>;
      h.store_add_const[1][0] = &store_add<Cell, Mem, true, false, true>;
      h.store_add_const[1][1] = &store_add<Cell, Mem, true, true, true>;
    }
  }
  return h;
}

template <auto F>
OpHandlers generic_entry_or_none() {
  if constexpr (std::is_same_v<decltype(F), const generic_lookup::NotGeneric*>) return {};
  else return generic_entry<F>();
}

#if STRATUS_HAVE_SIMD
template <auto F, uint32_t Bytes>
OpHandlers simd_memory_entry() {
  OpHandlers h;
  if constexpr (std::is_void_v<typename FnTraits<decltype(F)>::Ret>) {
    h.memory[0] = &simd_store<F, Bytes, false>;
    h.memory[1] = &simd_store<F, Bytes, true>;
  } else {
    h.memory[0] = &simd_load<F, Bytes, false>;
    h.memory[1] = &simd_load<F, Bytes, true>;
  }
  return h;
}
template <auto F, uint32_t Bytes>
OpHandlers simd_lane_memory_entry() {
  OpHandlers h;
  if constexpr (std::is_void_v<typename FnTraits<decltype(F)>::Ret>) {
    h.memory[0] = &simd_store_lane<F, Bytes, false>;
    h.memory[1] = &simd_store_lane<F, Bytes, true>;
  } else {
    h.memory[0] = &simd_load_lane<F, Bytes, false>;
    h.memory[1] = &simd_load_lane<F, Bytes, true>;
  }
  return h;
}
#endif

using Table = std::array<OpHandlers, static_cast<size_t>(Op::Count_)>;

Table build_table() {
  Table t{};
#define AT(name) t[static_cast<size_t>(Op::name)]
#define ENTRY_None_0(name) AT(name) = generic_entry_or_none<&generic_lookup::name>();
#define ENTRY_None_0xFC(name) ENTRY_None_0(name)
#define ENTRY_MemArg_0(name) AT(name) = scalar_memory_entry<Op::name>();
#if STRATUS_HAVE_SIMD
#define ENTRY_None_0xFD(name) AT(name) = generic_entry<&simd::name>();
#define ENTRY_Lane_0xFD(name) AT(name) = generic_entry<&simd::name>();
#define ENTRY_Shuffle_0xFD(name) AT(name).reg_layout = op::LayoutId::Shuffle; AT(name).reg = &simd_shuffle<&simd::name>;
#define ENTRY_MemArg_0xFD(name) AT(name) = simd_memory_entry<&simd::name, simd::name##_bytes>();
#define ENTRY_MemArgLane_0xFD(name) AT(name) = simd_lane_memory_entry<&simd::name, simd::name##_bytes>();
#else
#define ENTRY_None_0xFD(name)
#define ENTRY_Lane_0xFD(name)
#define ENTRY_Shuffle_0xFD(name)
#define ENTRY_MemArg_0xFD(name)
#define ENTRY_MemArgLane_0xFD(name)
#endif
  // Everything else is emitted through special_handlers().
#define ENTRY_Block_0(name)
#define ENTRY_Label_0(name)
#define ENTRY_BrTable_0(name)
#define ENTRY_Func_0(name)
#define ENTRY_CallIndirect_0(name)
#define ENTRY_Local_0(name)
#define ENTRY_Global_0(name)
#define ENTRY_Table_0(name)
#define ENTRY_Table_0xFC(name)
#define ENTRY_Memory_0(name)
#define ENTRY_Memory_0xFC(name)
#define ENTRY_I32_0(name)
#define ENTRY_I64_0(name)
#define ENTRY_F32_0(name)
#define ENTRY_F64_0(name)
#define ENTRY_V128_0xFD(name)
#define ENTRY_SelectT_0(name)
#define ENTRY_RefType_0(name)
#define ENTRY_Elem_0xFC(name)
#define ENTRY_Data_0xFC(name)
#define ENTRY_TableCopy_0xFC(name)
#define ENTRY_TableInit_0xFC(name)
#define ENTRY_MemoryInit_0xFC(name)
#define ENTRY_MemoryCopy_0xFC(name)
#define STRATUS_OP(name, prefix, code, text, imm, sig, ...) ENTRY_##imm##_##prefix(name)
#include "binary/opcodes.def"
#undef STRATUS_OP
  // The arithmetic that hot loops feed straight from memory.
#define WITH_LOAD(name)                                                           \
  AT(name).with_load[0][0] = &op_with_load<&sem::name, false, false>;             \
  AT(name).with_load[0][1] = &op_with_load<&sem::name, false, true>;              \
  AT(name).with_load[1][0] = &op_with_load<&sem::name, true, false>;              \
  AT(name).with_load[1][1] = &op_with_load<&sem::name, true, true>;               \
  AT(name).op_store[0] = &op_store<&sem::name, false>;                            \
  AT(name).op_store[1] = &op_store<&sem::name, true>;                             \
  AT(name).rmw[0][0] = &op_rmw<&sem::name, false, false>;                         \
  AT(name).rmw[0][1] = &op_rmw<&sem::name, false, true>;                          \
  AT(name).rmw[1][0] = &op_rmw<&sem::name, true, false>;                          \
  AT(name).rmw[1][1] = &op_rmw<&sem::name, true, true>;                           \
  AT(name).with_load_add[0][0] = &op_with_load_add<&sem::name, false, false>;     \
  AT(name).with_load_add[0][1] = &op_with_load_add<&sem::name, false, true>;      \
  AT(name).with_load_add[1][0] = &op_with_load_add<&sem::name, true, false>;      \
  AT(name).with_load_add[1][1] = &op_with_load_add<&sem::name, true, true>;
  WITH_LOAD(I32Add) WITH_LOAD(I32Sub) WITH_LOAD(I32Mul) WITH_LOAD(I32And) WITH_LOAD(I32Or) WITH_LOAD(I32Xor)
  WITH_LOAD(I64Add) WITH_LOAD(I64Sub) WITH_LOAD(I64Mul) WITH_LOAD(I64And) WITH_LOAD(I64Or) WITH_LOAD(I64Xor)
  WITH_LOAD(F32Add) WITH_LOAD(F32Sub) WITH_LOAD(F32Mul) WITH_LOAD(F32Div)
  WITH_LOAD(F64Add) WITH_LOAD(F64Sub) WITH_LOAD(F64Mul) WITH_LOAD(F64Div)
#undef WITH_LOAD
#define WITH_SHIFT(name)                                                  \
  AT(name).with_shift[kShl] = &op_with_shift<&sem::name, &sem::I32Shl>;   \
  AT(name).with_shift[kShrS] = &op_with_shift<&sem::name, &sem::I32ShrS>; \
  AT(name).with_shift[kShrU] = &op_with_shift<&sem::name, &sem::I32ShrU>; \
  AT(name).with_shift[kRotl] = &op_with_shift<&sem::name, &sem::I32Rotl>; \
  AT(name).with_shift[kRotr] = &op_with_shift<&sem::name, &sem::I32Rotr>;
  WITH_SHIFT(I32Add) WITH_SHIFT(I32And) WITH_SHIFT(I32Or) WITH_SHIFT(I32Xor)
#undef WITH_SHIFT
#define ADD_BRANCH(name)                                                                       \
  AT(name).add_branch[0][0][0] = &add_branch<&sem::name, false, false, false>;                 \
  AT(name).add_branch[0][0][1] = &add_branch<&sem::name, false, false, true>;                  \
  AT(name).add_branch[0][1][0] = &add_branch<&sem::name, false, true, false>;                  \
  AT(name).add_branch[0][1][1] = &add_branch<&sem::name, false, true, true>;                   \
  AT(name).add_branch[1][0][0] = &add_branch<&sem::name, true, false, false>;                  \
  AT(name).add_branch[1][0][1] = &add_branch<&sem::name, true, false, true>;                   \
  AT(name).add_branch[1][1][0] = &add_branch<&sem::name, true, true, false>;                   \
  AT(name).add_branch[1][1][1] = &add_branch<&sem::name, true, true, true>;
  ADD_BRANCH(I32Eq) ADD_BRANCH(I32Ne) ADD_BRANCH(I32LtS) ADD_BRANCH(I32LtU) ADD_BRANCH(I32GtS)
  ADD_BRANCH(I32GtU) ADD_BRANCH(I32LeS) ADD_BRANCH(I32LeU) ADD_BRANCH(I32GeS) ADD_BRANCH(I32GeU)
#undef ADD_BRANCH
#define CHAIN_INNER(outer, inner, kind)                                          \
  AT(outer).chain[kind][0] = &op_chain<&sem::outer, &sem::inner, false>;         \
  AT(outer).chain[kind][1] = &op_chain<&sem::outer, &sem::inner, true>;
#define CHAIN(T, outer) \
  CHAIN_INNER(outer, T##Add, kChainAdd) CHAIN_INNER(outer, T##Sub, kChainSub) CHAIN_INNER(outer, T##Mul, kChainMul)
  CHAIN(F64, F64Add) CHAIN(F64, F64Sub) CHAIN(F64, F64Mul)
  CHAIN(F32, F32Add) CHAIN(F32, F32Sub) CHAIN(F32, F32Mul)
#undef CHAIN
#undef CHAIN_INNER
#define RMW_MUL(outer, inner)                                                                        \
  AT(outer).rmw_mul[0][0][0][0] = &op_rmw_mul<&sem::outer, &sem::inner, false, false, false, false>; \
  AT(outer).rmw_mul[0][0][0][1] = &op_rmw_mul<&sem::outer, &sem::inner, false, false, false, true>; \
  AT(outer).rmw_mul[0][0][1][0] = &op_rmw_mul<&sem::outer, &sem::inner, false, false, true, false>; \
  AT(outer).rmw_mul[0][0][1][1] = &op_rmw_mul<&sem::outer, &sem::inner, false, false, true, true>; \
  AT(outer).rmw_mul[0][1][0][0] = &op_rmw_mul<&sem::outer, &sem::inner, false, true, false, false>; \
  AT(outer).rmw_mul[0][1][0][1] = &op_rmw_mul<&sem::outer, &sem::inner, false, true, false, true>; \
  AT(outer).rmw_mul[0][1][1][0] = &op_rmw_mul<&sem::outer, &sem::inner, false, true, true, false>; \
  AT(outer).rmw_mul[0][1][1][1] = &op_rmw_mul<&sem::outer, &sem::inner, false, true, true, true>; \
  AT(outer).rmw_mul[1][0][0][0] = &op_rmw_mul<&sem::outer, &sem::inner, true, false, false, false>; \
  AT(outer).rmw_mul[1][0][0][1] = &op_rmw_mul<&sem::outer, &sem::inner, true, false, false, true>; \
  AT(outer).rmw_mul[1][0][1][0] = &op_rmw_mul<&sem::outer, &sem::inner, true, false, true, false>; \
  AT(outer).rmw_mul[1][0][1][1] = &op_rmw_mul<&sem::outer, &sem::inner, true, false, true, true>; \
  AT(outer).rmw_mul[1][1][0][0] = &op_rmw_mul<&sem::outer, &sem::inner, true, true, false, false>; \
  AT(outer).rmw_mul[1][1][0][1] = &op_rmw_mul<&sem::outer, &sem::inner, true, true, false, true>; \
  AT(outer).rmw_mul[1][1][1][0] = &op_rmw_mul<&sem::outer, &sem::inner, true, true, true, false>; \
  AT(outer).rmw_mul[1][1][1][1] = &op_rmw_mul<&sem::outer, &sem::inner, true, true, true, true>;
  RMW_MUL(F64Add, F64Mul) RMW_MUL(F64Sub, F64Mul) RMW_MUL(F32Add, F32Mul) RMW_MUL(F32Sub, F32Mul)
#undef RMW_MUL
  t[static_cast<size_t>(Op::I32Eqz)] = test_entry<&sem::I32Eqz>();
  t[static_cast<size_t>(Op::I64Eqz)] = test_entry<&sem::I64Eqz>();
#undef AT
  return t;
}

}  // namespace
}  // namespace stratus::exec::interp

namespace stratus::exec {

const OpHandlers& op_handlers(binary::Op op) {
  static const interp::Table table = interp::build_table();
  return table[static_cast<size_t>(op)];
}

}  // namespace stratus::exec
