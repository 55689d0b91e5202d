/* measure_child REPORT_FD PROGRAM [ARGS...]: runs PROGRAM and reports its peak RSS alone.
 *
 * Linux starts a child's ru_maxrss at the resident set of the process it was forked from,
 * so a child forked by the Python runner would be charged the runner's ~10 MiB (and the
 * Python objects of a case's arguments). Forked from this small process instead, the child
 * is charged at most what this process holds, which is little more than the argument
 * vector the child's own stack holds anyway.
 *
 * On REPORT_FD it writes "pid N\n" once the child exists (so the runner can watch and kill
 * it), then "status S maxrss_kib K\n" with wait4's raw status and ru_maxrss once it ends. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: measure_child REPORT_FD PROGRAM [ARGS...]\n");
    return 125;
  }
  const int report = atoi(argv[1]);
  const pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "measure_child: fork: %s\n", strerror(errno));
    return 125;
  }
  if (pid == 0) {
    close(report);
    execv(argv[2], argv + 2);
    fprintf(stderr, "measure_child: cannot run %s: %s\n", argv[2], strerror(errno));
    _exit(127);
  }
  dprintf(report, "pid %d\n", (int)pid);
  int status = 0;
  struct rusage usage;
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "measure_child: wait4: %s\n", strerror(errno));
      return 125;
    }
  }
  dprintf(report, "status %d maxrss_kib %ld\n", status, usage.ru_maxrss);
  return 0;
}
