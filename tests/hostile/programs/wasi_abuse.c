// WASI abuse the hand-built modules cannot express easily. argv[1] picks the scenario; the
// exit status is 0 when the host behaved (refused or served each call), non-zero otherwise.
//   fds ROUNDS        open the preopen's file until an error (EMFILE), close all; ROUNDS times,
//                     and every round must open as many as the first
//   churn N           open and close a file N times (no descriptor or memory leaks in the host)
//   args N ...        argc must be N + 3 (argv[0], the scenario, N, then N more)
//   env N             exactly N environment variables
//   raw               raw __wasi_* calls with pointers and lengths at and past memory's end
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#define PREOPEN 3
#define MAX_FDS 1000000

static int open_file(__wasi_fd_t *fd) {
  return __wasi_path_open(PREOPEN, 0, "file.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, fd);
}

static int fds(int rounds) {
  static __wasi_fd_t opened[MAX_FDS];
  long first = -1;
  for (int round = 0; round < rounds; ++round) {
    long n = 0;
    int err = 0;
    while (n < MAX_FDS && (err = open_file(&opened[n])) == 0) ++n;
    if (n == MAX_FDS) {
      printf("opened %ld files without an error\n", n);
      return 1;
    }
    for (long i = 0; i < n; ++i)
      if (__wasi_fd_close(opened[i]) != 0) return 2;
    printf("round %d: %ld files, then errno %d\n", round, n, err);
    if (first < 0) first = n;
    if (n != first) return 3;  // descriptors leaked between rounds
  }
  return 0;
}

static int churn(long count) {
  for (long i = 0; i < count; ++i) {
    __wasi_fd_t fd;
    if (open_file(&fd) != 0) return 1;
    if (__wasi_fd_close(fd) != 0) return 2;
  }
  return 0;
}

static int env_count(long want) {
  __wasi_size_t count, bytes;
  if (__wasi_environ_sizes_get(&count, &bytes) != 0) return 1;
  return (long)count == want ? 0 : 2;
}

// Each call must fail (the host refusing a pointer or length it cannot honour) and the
// host must survive it.
static int raw(void) {
  const uintptr_t end = __builtin_wasm_memory_size(0) * 65536u;
  uint8_t *const at_end = (uint8_t *)end;
  uint8_t *const last = (uint8_t *)(end - 1);
  int failures = 0;
#define MUST_FAIL(call)                                  \
  do {                                                   \
    int e = (call);                                      \
    if (e == 0) {                                        \
      printf("succeeded: %s\n", #call);                  \
      ++failures;                                        \
    }                                                    \
  } while (0)
  __wasi_size_t n;
  __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
  MUST_FAIL(__wasi_fd_write(1, (const __wasi_ciovec_t *)at_end, 1, &n));
  MUST_FAIL(__wasi_fd_write(1, (const __wasi_ciovec_t *)(end - 4), 1, &n));
  MUST_FAIL(__wasi_fd_write(1, &iov, 0x80000000u, &n));
  MUST_FAIL(__wasi_fd_write(1, &iov, 1, (__wasi_size_t *)at_end));
  __wasi_ciovec_t wild = {last, 2};
  MUST_FAIL(__wasi_fd_write(1, &wild, 1, &n));
  __wasi_ciovec_t wrap = {(const uint8_t *)16, 0xFFFFFFF0u};
  MUST_FAIL(__wasi_fd_write(1, &wrap, 1, &n));
  __wasi_iovec_t riov = {at_end, 16};
  MUST_FAIL(__wasi_fd_read(0, &riov, 1, &n));
  __wasi_fd_t fd;
  MUST_FAIL(__wasi_path_open(PREOPEN, 0, (const char *)last, 0, 0, 0, 0, &fd));
  MUST_FAIL(__wasi_path_open(PREOPEN, 0, "file.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, (__wasi_fd_t *)at_end));
  MUST_FAIL(__wasi_args_get((uint8_t **)at_end, (uint8_t *)0));
  MUST_FAIL(__wasi_args_get((uint8_t **)1024, last));
  MUST_FAIL(__wasi_args_sizes_get((__wasi_size_t *)at_end, &n));
  MUST_FAIL(__wasi_environ_get((uint8_t **)(end - 2), (uint8_t *)0));  // run with one variable
  MUST_FAIL(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, (__wasi_timestamp_t *)(end - 4)));
  MUST_FAIL(__wasi_random_get(last, 2));
  MUST_FAIL(__wasi_fd_prestat_dir_name(PREOPEN, at_end, 4096));
  MUST_FAIL(__wasi_fd_readdir(PREOPEN, (uint8_t *)16, 0xFFFFFFF0u, 0, &n));
  __wasi_event_t ev;
  MUST_FAIL(__wasi_poll_oneoff((const __wasi_subscription_t *)at_end, &ev, 1, &n));
  MUST_FAIL(__wasi_poll_oneoff((const __wasi_subscription_t *)0, &ev, 0xFFFFFFFFu, &n));
  MUST_FAIL(__wasi_fd_write(0x7FFFFFFF, &iov, 1, &n));
  MUST_FAIL(__wasi_fd_close(0x7FFFFFFF));
#undef MUST_FAIL
  return failures;
}

int main(int argc, char **argv) {
  if (argc < 2) return 100;
  const char *what = argv[1];
  if (!strcmp(what, "fds") && argc == 3) return fds(atoi(argv[2]));
  if (!strcmp(what, "churn") && argc == 3) return churn(atol(argv[2]));
  if (!strcmp(what, "args") && argc >= 3) return argc == atol(argv[2]) + 3 ? 0 : 1;
  if (!strcmp(what, "env") && argc == 3) return env_count(atol(argv[2]));
  if (!strcmp(what, "raw")) return raw();
  return 101;
}
