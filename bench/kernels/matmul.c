// Dense double-precision matrix multiply (i-k-j order), n times on 128x128 matrices.
#include "common.h"

#define DIM 128
static double lhs[DIM][DIM], rhs[DIM][DIM], product[DIM][DIM];

uint32_t run(uint32_t n) {
  uint32_t seed = 12345;
  for (int i = 0; i < DIM; i++)
    for (int j = 0; j < DIM; j++) {
      lhs[i][j] = (double)(rng_next(&seed) % 2000) / 1000.0 - 1.0;
      rhs[i][j] = (double)(rng_next(&seed) % 2000) / 1000.0 - 1.0;
    }
  uint32_t hash = CHECKSUM_SEED;
  for (uint32_t round = 0; round < n; round++) {
    for (int i = 0; i < DIM; i++)
      for (int j = 0; j < DIM; j++) product[i][j] = 0.0;
    for (int i = 0; i < DIM; i++)
      for (int k = 0; k < DIM; k++) {
        double a = lhs[i][k];
        for (int j = 0; j < DIM; j++) product[i][j] += a * rhs[k][j];
      }
    // Feed the result back so each round depends on the last.
    int row = (int)(round % DIM);
    for (int j = 0; j < DIM; j++) lhs[row][j] = product[row][j] * 0.001;
    hash = mix_double(hash, product[round % DIM][(round * 7) % DIM]);
  }
  return hash;
}
