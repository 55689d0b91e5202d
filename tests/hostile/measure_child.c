/* measure_child REPORT_FD PROGRAM [ARGS...]: runs PROGRAM and reports its peak RSS alone.
 *
 * Linux starts a child's ru_maxrss at the resident set of the process it was forked from,
 * so a child forked by the Python runner would be charged the runner's ~10 MiB (and the
 * Python objects of a case's arguments). Forked from this small process instead, the child
 * is charged at most what this process holds, which is little more than the argument
 * vector the child's own stack holds anyway.
 *
 * On REPORT_FD it writes "pid N\n" once the child exists (so the runner can watch its
 * resident set), then "status S maxrss_kib K\n" with wait4's raw status and ru_maxrss once
 * it ends. SIGUSR1 asks for the child to be killed: this process sends the SIGKILL, since
 * only it knows whether the child's pid is still the child's (not reaped yet). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t child_pid = 0;  // 0 before the fork and once the child has exited

static void kill_child(int sig) {
  (void)sig;
  if (child_pid > 0) kill(child_pid, SIGKILL);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: measure_child REPORT_FD PROGRAM [ARGS...]\n");
    return 125;
  }
  const int report = atoi(argv[1]);
  struct sigaction on_kill;
  memset(&on_kill, 0, sizeof on_kill);
  on_kill.sa_handler = kill_child;
  sigaction(SIGUSR1, &on_kill, NULL);
  const pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "measure_child: fork: %s\n", strerror(errno));
    return 125;
  }
  if (pid == 0) {
    signal(SIGUSR1, SIG_DFL);
    close(report);
    execv(argv[2], argv + 2);
    fprintf(stderr, "measure_child: cannot run %s: %s\n", argv[2], strerror(errno));
    _exit(127);
  }
  child_pid = pid;
  dprintf(report, "pid %d\n", (int)pid);
  // Wait for the exit without reaping, so that a kill arriving meanwhile hits the child or
  // its zombie, never a process that took its pid; then reap it for its figures.
  siginfo_t info;
  while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "measure_child: waitid: %s\n", strerror(errno));
      return 125;
    }
  }
  child_pid = 0;
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
