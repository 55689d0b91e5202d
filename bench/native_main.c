// Native driver for one benchmark kernel: calls run(n) once and prints the same line the
// stratus and node drivers print, so bench/run.mjs can compare them.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

uint32_t run(uint32_t n);

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s N\n", argv[0]);
    return 2;
  }
  uint32_t n = (uint32_t)strtoul(argv[1], NULL, 10);
  double start = now_seconds();
  uint32_t checksum = run(n);
  double elapsed = now_seconds() - start;
  printf("checksum=%u seconds=%.6f\n", checksum, elapsed);
  return 0;
}
