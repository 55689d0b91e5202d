// A reactor module (no _start) for `stratus run --invoke`.
#include <stdio.h>

__attribute__((export_name("add"))) int add(int a, int b) { return a + b; }
__attribute__((export_name("mul64"))) long long mul64(long long a, long long b) { return a * b; }
__attribute__((export_name("half"))) double half(double x) { return x / 2; }
__attribute__((export_name("greet"))) void greet(void) {
  printf("hello from a reactor\n");
  fflush(stdout);
}
__attribute__((export_name("spin"))) void spin(void) {
  for (volatile int forever = 1; forever;) {
  }
}
// Grows memory 0 by `pages`; returns the old size in pages, or -1 when refused.
__attribute__((export_name("grow"))) int grow(int pages) { return __builtin_wasm_memory_grow(0, pages); }
