// Tries every kind of change beneath the preopen "/data" and prints how each ended, one line
// each: "ok" or the errno's name. Reading "/data/file" must work in any case.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static void report(const char* what, int result) {
  printf("%s: %s\n", what, result == 0 ? "ok" : errno == EPERM ? "EPERM" : strerror(errno));
}

static int open_close(const char* path, int flags) {
  int fd = open(path, flags, 0644);
  if (fd < 0) return -1;
  close(fd);
  return 0;
}

int main(void) {
  char text[16] = {0};
  FILE* f = fopen("/data/file", "r");
  report("read", f && fgets(text, sizeof text, f) ? 0 : -1);
  if (f) fclose(f);
  report("create", open_close("/data/new", O_WRONLY | O_CREAT));
  report("write existing", open_close("/data/file", O_WRONLY));
  report("truncate", open_close("/data/file", O_RDONLY | O_TRUNC));
  report("mkdir", mkdir("/data/dir", 0755));
  report("mkdir beneath", mkdir("/data/sub/dir", 0755));
  report("unlink", unlink("/data/file"));
  report("rename", rename("/data/file", "/data/moved"));
  report("symlink", symlink("file", "/data/link"));
  report("utimes", utimes("/data/file", NULL));
  return 0;
}
