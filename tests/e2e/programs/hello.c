// The smallest command: the start-up benchmark's program and the first component check.
#include <stdio.h>

int main(void) {
  printf("Hello, world!\n");
  return 0;
}
