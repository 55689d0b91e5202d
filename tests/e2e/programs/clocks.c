// Clocks move forward, sleeping waits at least as long as asked (poll_oneoff), and
// random_get fills buffers. Prints only facts that hold on every host.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t c) {
  struct timespec ts;
  if (clock_gettime(c, &ts) != 0) return -1;
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
  long long wall = ns(CLOCK_REALTIME);
  printf("realtime after 2020: %s\n", wall > 1577836800LL * 1000000000LL ? "yes" : "no");
  long long m0 = ns(CLOCK_MONOTONIC);
  struct timespec req = {0, 20 * 1000 * 1000};
  nanosleep(&req, NULL);
  long long m1 = ns(CLOCK_MONOTONIC);
  printf("slept at least 20ms: %s\n", m1 - m0 >= 20 * 1000 * 1000 ? "yes" : "no");
  printf("process cputime readable: %s\n", ns(CLOCK_PROCESS_CPUTIME_ID) >= 0 ? "yes" : "no");
  struct timespec res;
  printf("monotonic resolution positive: %s\n",
         clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0) ? "yes" : "no");
  unsigned char a[64] = {0}, b[64] = {0};
  arc4random_buf(a, sizeof a);
  arc4random_buf(b, sizeof b);
  printf("random buffers differ: %s\n", memcmp(a, b, sizeof a) != 0 ? "yes" : "no");
  return 0;
}
