// A tiny stack-machine interpreter dispatching through a table of function pointers, so the
// wasm build is dominated by call_indirect. Runs a bytecode loop program n times.
#include "common.h"

enum opcode { OP_PUSH, OP_ADD, OP_SUB, OP_MUL, OP_XOR, OP_DUP, OP_SWAP, OP_LOAD, OP_STORE, OP_JNZ, OP_HALT, OP_COUNT };

typedef struct {
  uint32_t stack[64];
  uint32_t vars[8];
  uint32_t sp;
  uint32_t pc;
  uint32_t running;
} machine_t;

typedef struct {
  uint8_t op;
  uint32_t arg;
} instr_t;

typedef void (*handler_t)(machine_t *, uint32_t);

static void op_push(machine_t *m, uint32_t arg) { m->stack[m->sp++] = arg; }
static void op_add(machine_t *m, uint32_t arg) { (void)arg; m->sp--; m->stack[m->sp - 1] += m->stack[m->sp]; }
static void op_sub(machine_t *m, uint32_t arg) { (void)arg; m->sp--; m->stack[m->sp - 1] -= m->stack[m->sp]; }
static void op_mul(machine_t *m, uint32_t arg) { (void)arg; m->sp--; m->stack[m->sp - 1] *= m->stack[m->sp]; }
static void op_xor(machine_t *m, uint32_t arg) { (void)arg; m->sp--; m->stack[m->sp - 1] ^= m->stack[m->sp]; }
static void op_dup(machine_t *m, uint32_t arg) { (void)arg; m->stack[m->sp] = m->stack[m->sp - 1]; m->sp++; }
static void op_swap(machine_t *m, uint32_t arg) {
  (void)arg;
  uint32_t t = m->stack[m->sp - 1];
  m->stack[m->sp - 1] = m->stack[m->sp - 2];
  m->stack[m->sp - 2] = t;
}
static void op_load(machine_t *m, uint32_t arg) { m->stack[m->sp++] = m->vars[arg & 7]; }
static void op_store(machine_t *m, uint32_t arg) { m->vars[arg & 7] = m->stack[--m->sp]; }
static void op_jnz(machine_t *m, uint32_t arg) {
  if (m->stack[--m->sp]) m->pc = arg;
}
static void op_halt(machine_t *m, uint32_t arg) { (void)arg; m->running = 0; }

// volatile keeps the optimizer from resolving the table and inlining the handlers.
static handler_t volatile handlers[OP_COUNT] = {op_push, op_add,  op_sub, op_mul, op_xor, op_dup,
                                                op_swap, op_load, op_store, op_jnz, op_halt};

// vars[0] = counter, vars[1] = accumulator: a linear-congruential loop counted down to zero.
static const instr_t program[] = {
    {OP_STORE, 0},                                                   // counter = arg on stack
    {OP_PUSH, 1}, {OP_STORE, 1},                                     // acc = 1
    {OP_LOAD, 1}, {OP_PUSH, 1664525}, {OP_MUL, 0}, {OP_PUSH, 1013904223}, {OP_ADD, 0},  // 3: loop
    {OP_DUP, 0}, {OP_LOAD, 0}, {OP_XOR, 0}, {OP_SWAP, 0}, {OP_STORE, 1}, {OP_STORE, 2},
    {OP_LOAD, 0}, {OP_PUSH, 1}, {OP_SUB, 0}, {OP_DUP, 0}, {OP_STORE, 0},
    {OP_JNZ, 3},
    {OP_LOAD, 1}, {OP_LOAD, 2}, {OP_XOR, 0}, {OP_HALT, 0}};

static uint32_t execute(uint32_t iterations) {
  machine_t m;
  memset(&m, 0, sizeof m);
  m.running = 1;
  m.stack[m.sp++] = iterations;
  while (m.running) {
    const instr_t *in = &program[m.pc++];
    handlers[in->op](&m, in->arg);
  }
  return m.stack[m.sp - 1];
}

uint32_t run(uint32_t n) {
  uint32_t hash = CHECKSUM_SEED;
  for (uint32_t round = 0; round < n; round++) hash = mix32(hash, execute(10000 + round % 97));
  return hash;
}
