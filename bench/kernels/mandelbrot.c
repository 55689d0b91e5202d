// Escape-time Mandelbrot on an n x n grid: a tight f64 loop with a data-dependent exit.
#include "common.h"

#define MAX_ITERATIONS 100

uint32_t run(uint32_t n) {
  uint32_t hash = CHECKSUM_SEED;
  for (uint32_t py = 0; py < n; py++) {
    double ci = (double)py * 2.0 / (double)n - 1.0;
    uint32_t row_total = 0;
    for (uint32_t px = 0; px < n; px++) {
      double cr = (double)px * 3.0 / (double)n - 2.0;
      double zr = 0, zi = 0;
      uint32_t iter = 0;
      while (iter < MAX_ITERATIONS && zr * zr + zi * zi <= 4.0) {
        double next_zr = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = next_zr;
        iter++;
      }
      row_total += iter;
    }
    hash = mix32(hash, row_total);
  }
  return hash;
}
