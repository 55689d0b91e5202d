// The exit status is the guest's: exit(N) from main, from a nested call, or main's return.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void leave_from_deep(int code, int depth) {
  if (depth == 0) exit(code);
  leave_from_deep(code, depth - 1);
}

int main(int argc, char** argv) {
  if (argc < 2) return 0;
  int code = atoi(argv[1]);
  printf("leaving with %d\n", code);
  fflush(stdout);
  if (argc > 2 && strcmp(argv[2], "deep") == 0) leave_from_deep(code, 50);
  if (argc > 2 && strcmp(argv[2], "trap") == 0) __builtin_trap();
  return code;
}
