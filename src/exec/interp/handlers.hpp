// The handlers the translator may emit, and the operand layout each expects.
// Layout notation: fields are 32-bit operand fields after the handler slot; "cell" fields are
// frame cell indices, "off" fields are signed slot offsets from the instruction itself.
#pragma once

#include <cstdint>

#include "binary/instr.hpp"
#include "exec/interp/code.hpp"

namespace stratus::exec {

// Per-opcode handlers for the instructions with a fixed type signature.
struct OpHandlers {
  uint8_t slots = 0;          // instruction size of `reg`/`imm` forms
  // Operands in cells: unary [dst, a]; binary [dst, a][b]; ternary [dst, a][b, c];
  // lane ops [dst, a][lane] / [dst, a][b, lane]; shuffle [dst, a][b, -][16 lane bytes].
  Handler reg = nullptr;
  // Binary ops with an immediate right operand: [dst, a][imm (32 or 64 bits)].
  Handler imm = nullptr;
  // Comparisons fused with a branch taken when the result is non-zero (negated: zero),
  // [a, off][b] or [a, off][imm]; unary tests [a, off]. Index: [negate][check epoch].
  Handler branch_reg[2][2] = {};
  Handler branch_imm[2][2] = {};
  // Memory access, index [explicit bounds checks]:
  // load [dst, addr][offset]; store [addr, value][offset];
  // load lane [dst, addr][offset, v][lane]; store lane [addr, v][offset, lane].
  Handler memory[2] = {};
  // Scalar loads and stores whose address is an i32.add, fused; index [explicit][b is imm32].
  // load [dst, a][b, offset]; store [a, b][value, offset]. The address is (a + b) mod 2^32.
  Handler memory_add[2][2] = {};
  // Stores of an i32 constant (i32.store, i32.store8, i32.store16): [a, b][imm value, offset].
  Handler store_add_const[2][2] = {};
  // Binary ops with one operand loaded from memory (a full-width load of the operand type):
  // [dst, a][addr, offset]. Index [explicit][the loaded value is the left operand].
  Handler with_load[2][2] = {};
  // i32 add/and/or/xor whose operand is an i32 shift or rotate by a constant (sha256, crc32,
  // hashes): [dst, a][b, k] computes op(a, shift(b, k)). Index: ShiftKind.
  Handler with_shift[5] = {};
  // The same binary ops (the with_load list) storing their result with a full-width store of
  // their type: [addr, a][b, offset] stores op(a, b) at addr + offset. Index [explicit].
  Handler op_store[2] = {};
  // Read-modify-write, a with_load op whose result is stored back where its operand came from:
  // [addr, other][offset]. Index [explicit][the loaded value is the left operand].
  Handler rmw[2][2] = {};
  // A with_load op whose loaded operand's address is a fused i32.add of a cell and an
  // immediate: [dst, other][a, imm][offset]. Index [explicit][the loaded value is the left operand].
  Handler with_load_add[2][2] = {};
  // i32 comparisons whose left operand is the result of an i32.add of an immediate just before
  // (loop counters), fused with the add and the branch: [dst, off][src, inc][rhs imm or cell]
  // computes dst = src + inc and branches on op(dst, rhs). Index [rhs is imm][negate][check epoch].
  Handler add_branch[2][2][2] = {};
  // f32/f64 add/sub/mul whose operand is the result of an add/sub/mul of the same type just
  // emitted: [dst, x][a, b] computes op(x, inner(a, b)) or op(inner(a, b), x).
  // Index [inner: ChainKind][inner is the left operand].
  Handler chain[3][2] = {};
  // f32/f64 add/sub read-modify-write whose other operand is a with_load mul just before it
  // (dot products, matmul, axpy): [addr, x][b, b_imm][offset, b_offset] computes
  // [addr + offset] = op([addr + offset], x * [(b + b_imm) mod 2^32 + b_offset]) (operand order kept).
  // Index [explicit][the outer loaded value is the left operand][the inner loaded value is the left operand][b_imm may be non-zero].
  Handler rmw_mul[2][2][2][2] = {};
};
enum ChainKind : uint8_t { kChainAdd, kChainSub, kChainMul };
enum ShiftKind : uint8_t { kShl, kShrS, kShrU, kRotl, kRotr };
const OpHandlers& op_handlers(binary::Op op);

// Handlers for everything else; see each definition for its layout.
struct SpecialHandlers {
  Handler copy;            // [dst, src]
  Handler copy2;           // [dst, src] two cells (v128)
  Handler copy_pair;       // [dst1, src1][dst2, src2]: two one-cell copies in order
  Handler add_pair;        // [dst2, a2][b2, dst1][a1, b1]: two i32.adds of cells, the first first
  Handler const32;         // [dst, imm32]
  Handler const64;         // [dst, -][imm64]
  Handler const128;        // [dst, -][lo64][hi64]
  Handler jump[2];         // [off]; [check epoch]
  Handler jump_if[2];      // [cond, off]
  Handler jump_unless[2];  // [cond, off]
  Handler br_table[2];     // [index, count][off0, off1, ..., off_count(default)] padded
  Handler select;          // [dst, a][b, cond]
  Handler select2;         // same, v128
  Handler global_get;      // [dst, global]
  Handler global_get2;
  Handler global_set;      // [src, global]
  Handler global_set2;
  Handler call;            // [args, -][CompiledFunc*]
  Handler call_import;     // [args, func index]
  Handler call_indirect[2];  // [args, elem index cell][table index, -][FuncType*]; [table is 0]
  Handler ret;             // []
  Handler unreachable;     // []
  Handler exit;            // []: leaves the interpreter successfully
  Handler memory_size;     // [dst]
  Handler memory_grow;     // [dst, delta]
  Handler memory_init;     // [dst, src][len, data index]
  Handler data_drop;       // [data index]
  Handler memory_copy;     // [dst, src][len]
  Handler memory_fill;     // [dst, value][len]
  Handler table_get;       // [dst, index][table]
  Handler table_set;       // [index, value][table]
  Handler table_size;      // [dst, table]
  Handler table_grow;      // [dst, init][delta, table]
  Handler table_fill;      // [start, value][len, table]
  Handler table_copy;      // [dst, src][len, dst table][src table]
  Handler table_init;      // [dst, src][len, table][elem index]
  Handler elem_drop;       // [elem index]
  Handler ref_func;        // [dst, func index]
  Handler ref_is_null;     // [dst, a]
};
const SpecialHandlers& special_handlers();

}  // namespace stratus::exec
