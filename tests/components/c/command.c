// A preview-1 command (main), wrapped into a component with the command adapter
// (`jco new --wasi-command`): its export is wasi:cli/run's `run`, and what it prints
// reaches wasi:cli/stdout through the adapter.
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  (void)argv;
  unsigned sum = 0;
  const char *text = "component";
  for (size_t i = 0; i < strlen(text); ++i) sum += (unsigned char)text[i];
  printf("hello from a command: argc=%d sum=%u\n", argc, sum);
  return 0;
}
