// A small grep: fixed-string search over files in a preopened directory or stdin.
// Exit 0 when something matched, 1 when nothing did, 2 on error, like grep(1).
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int search(FILE* in, const char* name, const char* pattern, int show_name) {
  char line[1024];
  int matched = 0;
  unsigned long number = 0;
  while (fgets(line, sizeof line, in)) {
    ++number;
    if (!strstr(line, pattern)) continue;
    matched = 1;
    if (show_name) printf("%s:", name);
    printf("%lu:%s", number, line);
    if (line[strlen(line) - 1] != '\n') putchar('\n');
  }
  return matched;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: grep PATTERN [FILE...]\n");
    return 2;
  }
  int matched = 0, failed = 0;
  if (argc == 2) return search(stdin, "-", argv[1], 0) ? 0 : 1;
  for (int i = 2; i < argc; ++i) {
    FILE* f = fopen(argv[i], "r");
    if (!f) {
      fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
      failed = 1;
      continue;
    }
    matched |= search(f, argv[i], argv[1], argc > 3);
    fclose(f);
  }
  return failed ? 2 : matched ? 0 : 1;
}
