// The Stratus hello example: stdio, arguments, environment and a file in a preopened
// directory. Build and run it as examples/README.md shows.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  const char* name = getenv("NAME") ? getenv("NAME") : "world";
  printf("Hello, %s, from WebAssembly!\n", name);
  for (int i = 1; i < argc; ++i) printf("arg %d: %s\n", i, argv[i]);

  // Visible on the host as <preopened dir>/hello.txt.
  FILE* out = fopen("hello.txt", "w");
  if (!out) {
    perror("hello: cannot create hello.txt (did you pass --dir?)");
    return 1;
  }
  fprintf(out, "%s was here\n", name);
  fclose(out);

  FILE* in = fopen("hello.txt", "r");
  char line[128];
  if (!in || !fgets(line, sizeof line, in)) {
    perror("hello: cannot read hello.txt back");
    return 1;
  }
  fclose(in);
  printf("read back: %s", line);
  return 0;
}
