// A fixed-size record store: append records, reopen, read them back by index with
// fseek, update one in place, and verify the file size through stat.
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

struct Record {
  unsigned id;
  char name[28];
};

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "records.db";
  FILE* f = fopen(path, "wb");
  if (!f) { perror("create"); return 1; }
  const char* names[] = {"ada", "grace", "edsger", "barbara", "tony"};
  for (unsigned i = 0; i < 5; ++i) {
    struct Record r = {i + 1, {0}};
    strncpy(r.name, names[i], sizeof r.name - 1);
    if (fwrite(&r, sizeof r, 1, f) != 1) { perror("write"); return 1; }
  }
  fclose(f);

  f = fopen(path, "r+b");
  if (!f) { perror("reopen"); return 1; }
  struct Record r;
  fseek(f, 3 * (long)sizeof r, SEEK_SET);
  fread(&r, sizeof r, 1, f);
  printf("record 3: id=%u name=%s\n", r.id, r.name);
  strcpy(r.name, "BARBARA");
  fseek(f, 3 * (long)sizeof r, SEEK_SET);
  fwrite(&r, sizeof r, 1, f);
  printf("position after update: %ld\n", ftell(f));
  fseek(f, 0, SEEK_SET);
  while (fread(&r, sizeof r, 1, f) == 1) printf("%u %s\n", r.id, r.name);
  fclose(f);

  struct stat st;
  if (stat(path, &st) != 0) { perror("stat"); return 1; }
  printf("size=%lld records=%lld\n", (long long)st.st_size, (long long)(st.st_size / sizeof r));
  return 0;
}
