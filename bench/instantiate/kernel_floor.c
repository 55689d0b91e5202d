// What the kernel alone charges for the per-invocation pattern of benchmark shape (b), with no
// Stratus code involved, so its latency and RSS can be read against a floor:
//  1. writing 16 fresh pages of a slot and resetting it with madvise(MADV_DONTNEED), as a
//     pooled slot is reset between tenants (one slot at a time; the pool batches them), and
//     the page faults alone;
//  2. the RSS one read of a private memfd (copy-on-write image) mapping adds: the kernel maps
//     the neighbouring page-cache pages too (fault-around), and each mapping counts them.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static long rss_kib(void) {
  FILE* f = fopen("/proc/self/statm", "r");
  long size = 0, resident = 0;
  if (!f || fscanf(f, "%ld %ld", &size, &resident) != 2) resident = 0;
  if (f) fclose(f);
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static int cmp(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

int main(void) {
  enum { kRuns = 2000, kPages = 16, kMappings = 1000 };
  const size_t slot = 2u << 20, heap = 0x110000;
  // 10 KiB kept resident, rounded up to whole pages as the pooling allocator does.
  const size_t page = (size_t)sysconf(_SC_PAGESIZE), keep_resident = (10 * 1024 + page - 1) / page * page;
  char* p = mmap(NULL, slot, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  static double samples[kRuns], faults[kRuns];
  for (int run = 0; run < kRuns; ++run) {
    const double start = now_us();
    for (int i = 0; i < kPages; ++i) p[heap + (size_t)i * 4096] = 1;
    const double faulted = now_us();
    memset(p, 0, keep_resident);
    if (madvise(p + keep_resident, slot - keep_resident, MADV_DONTNEED) != 0) return 1;
    samples[run] = now_us() - start;
    faults[run] = faulted - start;
  }
  qsort(samples, kRuns, sizeof samples[0], cmp);
  qsort(faults, kRuns, sizeof faults[0], cmp);
  printf("16 page faults + slot reset: median %.2f us (%d runs)\n", samples[kRuns / 2], kRuns);
  printf("16 page faults alone: median %.2f us\n", faults[kRuns / 2]);

  const size_t image = 1u << 20;
  int fd = memfd_create("image", 0);
  if (fd < 0 || ftruncate(fd, (off_t)image) != 0) return 1;
  char* w = mmap(NULL, image, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  memset(w, 7, image);
  munmap(w, image);
  const long before = rss_kib();
  for (int i = 0; i < kMappings; ++i) {
    volatile char* m = mmap(NULL, image, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    (void)m[4096 * 3 + i];
  }
  printf("one read of a private image mapping: +%.1f KiB RSS per mapping (%d mappings)\n",
         (double)(rss_kib() - before) / kMappings, kMappings);
  return 0;
}
