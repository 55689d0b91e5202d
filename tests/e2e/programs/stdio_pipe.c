// stdin through a pipe to stdout (upper-cased) and a summary on stderr.
#include <ctype.h>
#include <stdio.h>

int main(void) {
  char buf[4096];
  size_t total = 0, lines = 0, n;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
    for (size_t i = 0; i < n; ++i) {
      if (buf[i] == '\n') ++lines;
      buf[i] = (char)toupper((unsigned char)buf[i]);
    }
    fwrite(buf, 1, n, stdout);
    total += n;
  }
  fprintf(stderr, "read %zu bytes, %zu lines\n", total, lines);
  return ferror(stdin) ? 1 : 0;
}
