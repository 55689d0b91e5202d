// Quicksort of pseudo-random ints: recursion, compares, swaps in memory.
static int v[300000];
static void sort(int* a, int lo, int hi) {
  while (lo < hi) {
    int p = a[(lo + hi) >> 1], i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) ++i;
      while (a[j] > p) --j;
      if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; ++i; --j; }
    }
    if (j - lo < hi - i) { sort(a, lo, j); lo = i; } else { sort(a, i, hi); hi = j; }
  }
}
int run(void) {
  unsigned s = 12345;
  int check = 0;
  for (int rep = 0; rep < 5; ++rep) {
    for (int i = 0; i < 300000; ++i) { s = s * 1103515245u + 12345u; v[i] = (int)(s >> 1); }
    sort(v, 0, 300000 - 1);
    check += v[1000] ^ v[200000];
  }
  return check;
}
