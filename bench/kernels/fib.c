// Recursive Fibonacci: call overhead and nothing else.
#include "common.h"

__attribute__((noinline)) static uint32_t fib(uint32_t k) {
  return k < 2 ? k : fib(k - 1) + fib(k - 2);
}

uint32_t run(uint32_t n) { return fib(n); }
