// Quicksort (median of three, insertion sort below 16) of 100k random words, n times:
// unpredictable branches, swaps and recursion.
#include "common.h"

#define COUNT 100000
static uint32_t values[COUNT];

static void insertion_sort(uint32_t *a, int lo, int hi) {
  for (int i = lo + 1; i <= hi; i++) {
    uint32_t v = a[i];
    int j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static inline void swap(uint32_t *a, int i, int j) {
  uint32_t t = a[i];
  a[i] = a[j];
  a[j] = t;
}

static void quicksort(uint32_t *a, int lo, int hi) {
  while (hi - lo >= 16) {
    int mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    uint32_t pivot = a[mid];
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    // Recurse into the smaller side so the stack stays logarithmic.
    if (j - lo < hi - i) {
      quicksort(a, lo, j);
      lo = i;
    } else {
      quicksort(a, i, hi);
      hi = j;
    }
  }
  insertion_sort(a, lo, hi);
}

uint32_t run(uint32_t n) {
  uint32_t hash = CHECKSUM_SEED;
  uint32_t seed = 2463534242u;
  for (uint32_t round = 0; round < n; round++) {
    // Every fourth round has few distinct values, which stresses the equal-keys path.
    uint32_t mask = (round % 4 == 3) ? 0xff : 0xffffffffu;
    for (int i = 0; i < COUNT; i++) values[i] = rng_next(&seed) & mask;
    quicksort(values, 0, COUNT - 1);
    uint32_t sorted = 1;
    for (int i = 1; i < COUNT; i++) sorted &= values[i - 1] <= values[i];
    hash = mix32(hash, sorted);
    for (int i = 0; i < COUNT; i += 997) hash = mix32(hash, values[i]);
  }
  return hash;
}
