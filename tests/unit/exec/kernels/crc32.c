// Table-driven CRC-32: byte loads, shifts, xors, table lookups.
static unsigned table[256];
static unsigned char buf[1 << 16];
int run(void) {
  for (unsigned i = 0; i < 256; ++i) {
    unsigned c = i;
    for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  for (int i = 0; i < (1 << 16); ++i) buf[i] = (unsigned char)(i * 31 + 7);
  unsigned crc = 0;
  for (int rep = 0; rep < 300; ++rep) {
    unsigned c = ~crc;
    for (int i = 0; i < (1 << 16); ++i) c = table[(c ^ buf[i]) & 0xFF] ^ (c >> 8);
    crc = ~c;
  }
  return (int)crc;
}
