// LZ77 compression with a hash chain: byte compares, hashing, table lookups.
static unsigned char in[1 << 17], out[1 << 18];
static int head[1 << 12], prev[1 << 17];
int run(void) {
  unsigned s = 7;
  for (int i = 0; i < (1 << 17); ++i) {
    s = s * 1664525u + 1013904223u;
    in[i] = (unsigned char)("abcdefgh"[(s >> 24) & 7] + ((s >> 20) & 1));
  }
  int total = 0;
  for (int rep = 0; rep < 6; ++rep) {
    for (int i = 0; i < (1 << 12); ++i) head[i] = -1;
    int o = 0, i = 0, n = 1 << 17;
    while (i + 3 < n) {
      unsigned h = ((in[i] << 8) ^ (in[i + 1] << 4) ^ in[i + 2]) & 0xFFF;
      int best = 0, best_d = 0, cand = head[h], tries = 16;
      while (cand >= 0 && tries-- > 0 && i - cand < 32768) {
        int l = 0;
        while (i + l < n && l < 255 && in[cand + l] == in[i + l]) ++l;
        if (l > best) { best = l; best_d = i - cand; }
        cand = prev[cand];
      }
      prev[i] = head[h];
      head[h] = i;
      if (best >= 3) { out[o++] = 0xFF; out[o++] = (unsigned char)best; out[o++] = (unsigned char)best_d; i += best; }
      else out[o++] = in[i++];
      if (o > (1 << 18) - 4) o = 0;
    }
    total += o;
  }
  return total;
}
