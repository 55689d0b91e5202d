// Every way out of the preopen must fail; a symlink that stays inside must work.
// The harness provides: inside.txt, link_inside -> inside.txt, link_out -> ../outside,
// link_abs -> /etc (absolute), and ../outside/secret.txt next to the preopen.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures = 0;

static void expect_blocked(const char* what, int ok) {
  printf("%-32s %s\n", what, ok ? "ALLOWED" : "blocked");
  if (ok) ++failures;
}

static int opens(const char* path) {
  int fd = open(path, O_RDONLY);
  if (fd >= 0) close(fd);
  return fd >= 0;
}

int main(void) {
  struct stat st;
  expect_blocked("open ../outside/secret.txt", opens("../outside/secret.txt"));
  expect_blocked("open sub/../../outside/secret", opens("sub/../../outside/secret.txt"));
  expect_blocked("open /etc/passwd", opens("/etc/passwd"));
  expect_blocked("open link_out/secret.txt", opens("link_out/secret.txt"));
  expect_blocked("open link_abs/passwd", opens("link_abs/passwd"));
  expect_blocked("stat ..", stat("..", &st) == 0);
  expect_blocked("stat link_out/secret.txt", stat("link_out/secret.txt", &st) == 0);
  DIR* d = opendir("..");
  expect_blocked("opendir ..", d != NULL);
  if (d) closedir(d);
  expect_blocked("mkdir ../made", mkdir("../made", 0755) == 0);
  expect_blocked("mkdir link_out/made", mkdir("link_out/made", 0755) == 0);
  expect_blocked("create ../created.txt", open("../created.txt", O_CREAT | O_WRONLY, 0644) >= 0);
  expect_blocked("rename into ../", rename("inside.txt", "../stolen.txt") == 0);
  expect_blocked("unlink ../outside/secret.txt", unlink("../outside/secret.txt") == 0);
  expect_blocked("unlink link_out/secret.txt", unlink("link_out/secret.txt") == 0);
  expect_blocked("link ../outside/secret.txt", link("../outside/secret.txt", "hard") == 0);

  int fd = open("link_inside", O_RDONLY);
  char buf[64] = {0};
  printf("%-32s %s\n", "open link_inside", fd >= 0 && read(fd, buf, sizeof buf - 1) > 0 ? buf : "FAILED\n");
  if (fd < 0) ++failures;
  else close(fd);
  printf("escapes blocked: %s\n", failures == 0 ? "all" : "NOT ALL");
  return failures == 0 ? 0 : 1;
}
