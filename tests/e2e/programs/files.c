// Files and directories inside a preopen: create, write, read back, list (sorted, since
// directory order is the filesystem's), rename, truncate, symlink inside, remove.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int compare(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

static void list(const char* dir) {
  DIR* d = opendir(dir);
  if (!d) { printf("opendir %s: %s\n", dir, strerror(errno)); return; }
  char* names[64];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) && n < 64) {
    // Runtimes differ on listing "." and ".." (wasmtime and stratus do, Node does not).
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof names[0], compare);
  printf("%s:", dir);
  for (int i = 0; i < n; ++i) { printf(" %s", names[i]); free(names[i]); }
  printf("\n");
}

#define CHECK(expr) do { if (!(expr)) { printf("FAILED %s: %s\n", #expr, strerror(errno)); return 1; } } while (0)

int main(void) {
  CHECK(mkdir("work", 0755) == 0);
  CHECK(mkdir("work/sub", 0755) == 0);
  FILE* f = fopen("work/notes.txt", "w");
  CHECK(f != NULL);
  fprintf(f, "first line\nsecond line\n");
  fclose(f);

  char buf[128] = {0};
  int fd = open("work/notes.txt", O_RDWR);
  CHECK(fd >= 0);
  CHECK(read(fd, buf, sizeof buf - 1) == 23);
  printf("read back: %s", buf);
  CHECK(lseek(fd, 0, SEEK_CUR) == 23);
  CHECK(pwrite(fd, "FIRST", 5, 0) == 5);
  memset(buf, 0, sizeof buf);
  CHECK(pread(fd, buf, 10, 0) == 10);
  printf("after pwrite: %s\n", buf);
  CHECK(ftruncate(fd, 11) == 0);
  struct stat st;
  CHECK(fstat(fd, &st) == 0);
  printf("size after truncate: %lld, regular: %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
  close(fd);

  f = fopen("work/notes.txt", "a");
  CHECK(f != NULL);
  fputs("appended\n", f);
  fclose(f);
  f = fopen("work/notes.txt", "r");
  CHECK(f != NULL);
  while (fgets(buf, sizeof buf, f)) printf("line: %s", buf);
  fclose(f);

  CHECK(rename("work/notes.txt", "work/sub/moved.txt") == 0);
  CHECK(symlink("sub/moved.txt", "work/link") == 0);
  char target[64] = {0};
  CHECK(readlink("work/link", target, sizeof target - 1) > 0);
  printf("link -> %s\n", target);
  CHECK(lstat("work/link", &st) == 0 && S_ISLNK(st.st_mode));
  CHECK(stat("work/link", &st) == 0 && S_ISREG(st.st_mode));
  f = fopen("work/link", "r");
  CHECK(f != NULL);
  printf("through link: %s", fgets(buf, sizeof buf, f));
  fclose(f);
  list("work");
  list("work/sub");

  printf("open missing: %s\n", open("work/nope", O_RDONLY) < 0 && errno == ENOENT ? "ENOENT" : "?");
  printf("mkdir existing: %s\n", mkdir("work", 0755) < 0 && errno == EEXIST ? "EEXIST" : "?");
  printf("rmdir non-empty: %s\n", rmdir("work/sub") < 0 && errno == ENOTEMPTY ? "ENOTEMPTY" : "?");
  printf("exclusive create: %s\n", open("work/link", O_CREAT | O_EXCL | O_WRONLY, 0644) < 0 && errno == EEXIST ? "EEXIST" : "?");

  CHECK(unlink("work/link") == 0);
  CHECK(unlink("work/sub/moved.txt") == 0);
  CHECK(rmdir("work/sub") == 0);
  CHECK(rmdir("work") == 0);
  printf("cleaned up: %s\n", access("work", F_OK) != 0 ? "yes" : "no");

  f = fopen("fixture.txt", "r");
  CHECK(f != NULL);
  printf("fixture: %s", fgets(buf, sizeof buf, f));
  fclose(f);
  return 0;
}
