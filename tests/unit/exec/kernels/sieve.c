// Sieve of Eratosthenes: byte loads/stores in tight loops.
static unsigned char composite[1 << 20];
int run(void) {
  int count = 0;
  for (int rep = 0; rep < 20; ++rep) {
    for (int i = 0; i < (1 << 20); ++i) composite[i] = 0;
    count = 0;
    for (int i = 2; i < (1 << 20); ++i) {
      if (composite[i]) continue;
      ++count;
      for (int j = i + i; j < (1 << 20); j += i) composite[j] = 1;
    }
  }
  return count;
}
