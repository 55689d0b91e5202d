// The behaviours the WASI test suite's preview-1 programs check, called through the raw
// wasi_snapshot_preview1 imports so that libc's own errno translation cannot hide ours.
// Expected values follow wasmtime on Linux (the suite's reference). Each check prints one
// line; the exit status is the number of failures (0 = all passed).
// The harness preopens an empty scratch directory as "." (fd 3).
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#define RAW(name) __attribute__((__import_module__("wasi_snapshot_preview1"), __import_name__(#name)))
int32_t raw_path_open(int32_t, int32_t, int32_t, int32_t, int32_t, int64_t, int64_t, int32_t, int32_t) RAW(path_open);
int32_t raw_fd_write(int32_t, int32_t, int32_t, int32_t) RAW(fd_write);
int32_t raw_fd_read(int32_t, int32_t, int32_t, int32_t) RAW(fd_read);
int32_t raw_random_get(int32_t, int32_t) RAW(random_get);
int32_t raw_args_get(int32_t, int32_t) RAW(args_get);
int32_t raw_poll_oneoff(int32_t, int32_t, int32_t, int32_t) RAW(poll_oneoff);
int32_t raw_fd_readdir(int32_t, int32_t, int32_t, int64_t, int32_t) RAW(fd_readdir);

static int failures = 0;
static const __wasi_fd_t D = 3;
// After descriptors() closes fd 3, the rest of the program works through this copy of it.
static __wasi_fd_t g_dir = 3;

static void check(const char* what, int got, int want) {
  if (got == want) {
    printf("ok   %s\n", what);
  } else {
    printf("FAIL %s: got %d, want %d\n", what, got, want);
    ++failures;
  }
}
static void check_any(const char* what, int got, int a, int b) {
  if (got == a || got == b) {
    printf("ok   %s\n", what);
  } else {
    printf("FAIL %s: got %d, want %d or %d\n", what, got, a, b);
    ++failures;
  }
}

static __wasi_fd_t open_at(__wasi_fd_t dir, const char* path, __wasi_oflags_t oflags, __wasi_rights_t rights,
                           __wasi_fdflags_t fdflags, __wasi_errno_t* err) {
  __wasi_fd_t fd = (__wasi_fd_t)-1;
  *err = __wasi_path_open(dir, 0, path, oflags, rights, rights, fdflags, &fd);
  return fd;
}

static void make_file(const char* path, const char* text) {
  __wasi_errno_t e;
  __wasi_fd_t fd = open_at(D, path, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_WRITE, 0, &e);
  if (e) {
    printf("FAIL setup: create %s: %d\n", path, e);
    ++failures;
    return;
  }
  __wasi_ciovec_t iov = {(const uint8_t*)text, strlen(text)};
  __wasi_size_t n;
  __wasi_fd_write(fd, &iov, 1, &n);
  __wasi_fd_close(fd);
}

static const __wasi_rights_t kRW = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK |
                                   __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET |
                                   __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES |
                                   __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS;

static void preopens_and_rights(void) {
  __wasi_prestat_t ps;
  check("prestat of the preopen", __wasi_fd_prestat_get(D, &ps), 0);
  check("prestat name length", (int)ps.u.dir.pr_name_len, 1);
  char name[8] = {0};
  int e = __wasi_fd_prestat_dir_name(D, (uint8_t*)name, 0);
  check_any("prestat_dir_name into 0 bytes", e, __WASI_ERRNO_INVAL, __WASI_ERRNO_NAMETOOLONG);
  check("prestat_dir_name into a larger buffer", __wasi_fd_prestat_dir_name(D, (uint8_t*)name, 8), 0);
  check("prestat_dir_name text", strcmp(name, "."), 0);
  check("prestat of stdin", __wasi_fd_prestat_get(0, &ps), __WASI_ERRNO_BADF);
  check("prestat of a closed fd", __wasi_fd_prestat_get(77, &ps), __WASI_ERRNO_BADF);

  __wasi_fdstat_t st;
  check("fdstat of the preopen", __wasi_fd_fdstat_get(D, &st), 0);
  check("preopen is a directory", st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
  check("preopen has no flags", st.fs_flags, 0);
  const __wasi_rights_t dir_base =
      __WASI_RIGHTS_PATH_CREATE_DIRECTORY | __WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_PATH_LINK_SOURCE |
      __WASI_RIGHTS_PATH_LINK_TARGET | __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR |
      __WASI_RIGHTS_PATH_READLINK | __WASI_RIGHTS_PATH_RENAME_SOURCE | __WASI_RIGHTS_PATH_RENAME_TARGET |
      __WASI_RIGHTS_PATH_SYMLINK | __WASI_RIGHTS_PATH_REMOVE_DIRECTORY | __WASI_RIGHTS_PATH_UNLINK_FILE |
      __WASI_RIGHTS_PATH_FILESTAT_GET | __WASI_RIGHTS_PATH_FILESTAT_SET_TIMES | __WASI_RIGHTS_FD_FILESTAT_GET |
      __WASI_RIGHTS_FD_FILESTAT_SET_TIMES;
  const __wasi_rights_t dir_inh = dir_base | __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_READ |
                                  __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | __WASI_RIGHTS_FD_SYNC |
                                  __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_ADVISE |
                                  __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE |
                                  __WASI_RIGHTS_POLL_FD_READWRITE;
  check("preopen base rights cover the directory set", (st.fs_rights_base & dir_base) == dir_base, 1);
  check("preopen inheriting rights cover the file set", (st.fs_rights_inheriting & dir_inh) == dir_inh, 1);
  check("directory lacks fd_filestat_set_size", (int)(st.fs_rights_base & __WASI_RIGHTS_FD_FILESTAT_SET_SIZE), 0);

  for (int fd = 0; fd < 3; ++fd) {
    char what[64];
    snprintf(what, sizeof what, "fdstat of stdio fd %d", fd);
    check(what, __wasi_fd_fdstat_get(fd, &st), 0);
  }
}

static void path_open_flags(void) {
  __wasi_errno_t e;
  __wasi_fd_t fd;
  make_file("file", "0123456789");
  check("mkdir dir", __wasi_path_create_directory(D, "dir"), 0);
  check("mkdir dir/nested", __wasi_path_create_directory(D, "dir/nested"), 0);
  check("mkdir over an existing dir", __wasi_path_create_directory(D, "dir"), __WASI_ERRNO_EXIST);

  fd = open_at(D, "file", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, kRW, 0, &e);
  check("O_CREAT|O_EXCL on an existing file", e, __WASI_ERRNO_EXIST);
  fd = open_at(D, "file", __WASI_OFLAGS_DIRECTORY, 0, 0, &e);
  check("O_DIRECTORY on a file", e, __WASI_ERRNO_NOTDIR);
  fd = open_at(D, ".", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, &e);
  check("directory opened for read+write", e, __WASI_ERRNO_ISDIR);
  fd = open_at(D, "dir", 0, __WASI_RIGHTS_FD_WRITE, 0, &e);
  check("directory opened for writing", e, __WASI_ERRNO_ISDIR);
  __wasi_fdstat_t pre;
  (void)__wasi_fd_fdstat_get(D, &pre);
  fd = 0;
  e = __wasi_path_open(D, 0, ".", 0, pre.fs_rights_base, pre.fs_rights_inheriting, 0, &fd);
  check("open . with the preopen's own rights", e, 0);
  __wasi_fd_close(fd);
  e = __wasi_path_open(D, 0, "dir", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_READ,
                       0, 0, &fd);
  check("open a directory asking fd_datasync", e, 0);
  __wasi_fd_close(fd);
  fd = open_at(D, ".", 0, 0, 0, &e);
  check("open . with no rights", e, 0);
  __wasi_fd_close(fd);
  fd = open_at(D, ".", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ, 0, &e);
  check("open . O_DIRECTORY with fd_read", e, 0);
  __wasi_fd_close(fd);
  fd = open_at(D, "file/", 0, 0, 0, &e);
  check_any("file with a trailing slash", e, __WASI_ERRNO_NOTDIR, __WASI_ERRNO_NOENT);
  fd = open_at(D, "file///", 0, 0, 0, &e);
  check_any("file with trailing slashes", e, __WASI_ERRNO_NOTDIR, __WASI_ERRNO_NOENT);
  fd = open_at(D, "dir/nested///", 0, 0, 0, &e);
  check("directory with trailing slashes", e, 0);
  __wasi_fd_close(fd);
  fd = open_at(D, "dir/.//nested/../../dir/nested/../nested///.", 0, 0, 0, &e);
  check("path with . and .. that stays inside", e, 0);
  __wasi_fd_close(fd);
  fd = open_at(D, "/dir", 0, 0, 0, &e);
  check("absolute path", e, __WASI_ERRNO_PERM);
  fd = open_at(D, "dir/nested/../../../x", 0, 0, 0, &e);
  check("too many ..", e, __WASI_ERRNO_PERM);
  fd = open_at(D, "missing", 0, 0, 0, &e);
  check("missing file", e, __WASI_ERRNO_NOENT);
  fd = open_at(D, "", 0, 0, 0, &e);
  check("empty path", e, __WASI_ERRNO_NOENT);
  static const char with_nul[] = "file\0";
  __wasi_fd_t out = 0;
  int r = raw_path_open(D, 0, (int32_t)(uintptr_t)with_nul, 5, 0, 0, 0, 0, (int32_t)(uintptr_t)&out);
  check_any("path with a trailing NUL", r, __WASI_ERRNO_INVAL, __WASI_ERRNO_ILSEQ);
  r = raw_path_open(D, 0, (int32_t)(uintptr_t)with_nul, 4, 0x100, 0, 0, 0, (int32_t)(uintptr_t)&out);
  check("unknown oflags", r, __WASI_ERRNO_INVAL);

  // O_TRUNC empties the file, and needs path_filestat_set_size on the directory.
  fd = open_at(D, "file", __WASI_OFLAGS_TRUNC, 0, 0, &e);
  check("O_TRUNC", e, 0);
  __wasi_filestat_t fs;
  __wasi_fd_filestat_get(fd, &fs);
  __wasi_fd_close(fd);
  __wasi_path_filestat_get(D, 0, "file", &fs);
  check("O_TRUNC leaves size 0", (int)fs.size, 0);

  __wasi_fd_t sub = open_at(D, "dir", __WASI_OFLAGS_DIRECTORY,
                            __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_FD_FILESTAT_GET, 0,
                            &e);
  check("open dir with a few rights", e, 0);
  __wasi_fdstat_t st;
  __wasi_fd_fdstat_get(sub, &st);
  check("subdir rights are what was asked", st.fs_rights_base & __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE ? 1 : 0, 0);
  fd = open_at(sub, "t", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 0, 0, &e);
  check("O_TRUNC without path_filestat_set_size", e, __WASI_ERRNO_PERM);
  __wasi_fd_t nested = 0;
  e = __wasi_path_open(sub, 0, "nested", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_PATH_UNLINK_FILE, 0, 0, &nested);
  check("asking for rights the parent lacks", e, 0);
  __wasi_fd_fdstat_get(nested, &st);
  check("... are narrowed away", (int)(st.fs_rights_base & __WASI_RIGHTS_PATH_UNLINK_FILE ? 1 : 0), 0);
  __wasi_fd_close(nested);
  __wasi_fd_close(sub);
}

static void seeking(void) {
  __wasi_errno_t e;
  make_file("seek", "abcdef");
  __wasi_fd_t fd = open_at(D, "seek", 0, kRW, 0, &e);
  __wasi_filesize_t pos = 0;
  check("seek past EOF", __wasi_fd_seek(fd, 100, __WASI_WHENCE_SET, &pos), 0);
  check("... lands there", (int)pos, 100);
  check("tell", __wasi_fd_tell(fd, &pos), 0);
  check("... agrees", (int)pos, 100);
  check("seek to a negative offset", __wasi_fd_seek(fd, -200, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_INVAL);
  check("seek end -2", __wasi_fd_seek(fd, -2, __WASI_WHENCE_END, &pos), 0);
  check("... is 4", (int)pos, 4);
  check("bad whence", __wasi_fd_seek(fd, 0, 7, &pos), __WASI_ERRNO_INVAL);
  check("set_size grows", __wasi_fd_filestat_set_size(fd, 4096), 0);
  __wasi_filestat_t fs;
  __wasi_fd_filestat_get(fd, &fs);
  check("... to 4096", (int)fs.size, 4096);
  check("set_size shrinks", __wasi_fd_filestat_set_size(fd, 3), 0);
  __wasi_fd_filestat_get(fd, &fs);
  check("... to 3", (int)fs.size, 3);
  check("set_times explicit", __wasi_fd_filestat_set_times(fd, 1000000000ull, 2000000000ull,
                                                           __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM), 0);
  __wasi_fd_filestat_get(fd, &fs);
  check("... atim", fs.atim == 1000000000ull, 1);
  check("... mtim", fs.mtim == 2000000000ull, 1);
  check("set_times MTIM|MTIM_NOW", __wasi_fd_filestat_set_times(fd, 1, 2, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW),
        __WASI_ERRNO_INVAL);
  check("set_times ATIM|ATIM_NOW", __wasi_fd_filestat_set_times(fd, 1, 2, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW),
        __WASI_ERRNO_INVAL);
  __wasi_fd_close(fd);

  // fd_fdstat_set_flags(APPEND): writes go to the end whatever the position.
  make_file("append", "12");
  fd = open_at(D, "append", 0, kRW, 0, &e);
  check("set_flags append", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND), 0);
  __wasi_fdstat_t st;
  __wasi_fd_fdstat_get(fd, &st);
  check("... shows in fdstat", st.fs_flags & __WASI_FDFLAGS_APPEND, __WASI_FDFLAGS_APPEND);
  __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos);
  __wasi_ciovec_t iov = {(const uint8_t*)"34", 2};
  __wasi_size_t n;
  __wasi_fd_write(fd, &iov, 1, &n);
  __wasi_fd_filestat_get(fd, &fs);
  check("... write appended", (int)fs.size, 4);
  __wasi_fd_tell(fd, &pos);
  check("... position at end", (int)pos, 4);
  check("pwrite on an append fd", __wasi_fd_pwrite(fd, &iov, 1, 0, &n), 0);
  __wasi_fd_tell(fd, &pos);
  check("... leaves the position", (int)pos, 4);
  __wasi_fd_close(fd);

  // Directories: no seeking, reading or writing.
  fd = open_at(D, "dir", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_SEEK, 0, &e);
  check("seek on a directory", __wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_BADF);
  __wasi_fd_fdstat_get(fd, &st);
  check("directory never gets fd_seek", (int)(st.fs_rights_base & __WASI_RIGHTS_FD_SEEK ? 1 : 0), 0);
  __wasi_fd_close(fd);
  uint8_t buf[16];
  __wasi_iovec_t riov = {buf, sizeof buf};
  e = __wasi_fd_read(D, &riov, 1, &n);
  check("fd_read on a directory is refused", e == __WASI_ERRNO_ISDIR || e == __WASI_ERRNO_BADF ||
                                                 e == __WASI_ERRNO_NOTCAPABLE, 1);
  e = __wasi_fd_write(D, &iov, 1, &n);
  check("fd_write on a directory is refused", e == __WASI_ERRNO_ISDIR || e == __WASI_ERRNO_BADF ||
                                                  e == __WASI_ERRNO_NOTCAPABLE, 1);
  e = __wasi_fd_tell(D, &pos);
  check("fd_tell on a directory is refused", e == __WASI_ERRNO_ISDIR || e == __WASI_ERRNO_BADF ||
                                                 e == __WASI_ERRNO_NOTCAPABLE, 1);
  e = __wasi_fd_filestat_set_size(D, 0);
  check("set_size on a directory is refused", e == __WASI_ERRNO_ISDIR || e == __WASI_ERRNO_BADF ||
                                                  e == __WASI_ERRNO_NOTCAPABLE || e == __WASI_ERRNO_INVAL, 1);
  e = __wasi_fd_allocate(D, 0, 0);
  check("allocate on a directory is refused", e == __WASI_ERRNO_ISDIR || e == __WASI_ERRNO_BADF ||
                                                  e == __WASI_ERRNO_NOTCAPABLE, 1);
}

// Reads one fd_readdir buffer and returns the number of entries in it, recording names.
static int read_dir(__wasi_fd_t fd, uint8_t* buf, size_t len, __wasi_dircookie_t cookie, __wasi_size_t* used,
                    int* saw_dot, int* saw_dotdot, __wasi_dircookie_t* last_next, __wasi_inode_t* dot_ino) {
  int e = __wasi_fd_readdir(fd, buf, len, cookie, used);
  if (e) return -e;
  int count = 0;
  size_t off = 0;
  while (off + sizeof(__wasi_dirent_t) <= *used) {
    __wasi_dirent_t d;
    memcpy(&d, buf + off, sizeof d);
    if (off + sizeof d + d.d_namlen > *used) break;
    const char* name = (const char*)buf + off + sizeof d;
    if (d.d_namlen == 1 && name[0] == '.') {
      *saw_dot = 1;
      if (dot_ino) *dot_ino = d.d_ino;
      if (d.d_type != __WASI_FILETYPE_DIRECTORY) *saw_dot = 2;
    }
    if (d.d_namlen == 2 && name[0] == '.' && name[1] == '.') *saw_dotdot = 1;
    *last_next = d.d_next;
    ++count;
    off += sizeof d + d.d_namlen;
  }
  return count;
}

static void readdir_checks(void) {
  __wasi_errno_t e;
  check("mkdir rd", __wasi_path_create_directory(D, "rd"), 0);
  __wasi_fd_t fd = open_at(D, "rd", __WASI_OFLAGS_DIRECTORY,
                           __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_PATH_OPEN |
                               __WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_PATH_UNLINK_FILE,
                           0, &e);
  __wasi_filestat_t fs;
  __wasi_fd_filestat_get(fd, &fs);
  static uint8_t buf[256];
  __wasi_size_t used;
  int dot = 0, dotdot = 0;
  __wasi_dircookie_t next = 0;
  __wasi_inode_t dot_ino = 0;
  int n = read_dir(fd, buf, sizeof buf, 0, &used, &dot, &dotdot, &next, &dot_ino);
  check("empty directory lists . and ..", n, 2);
  check(". is a directory", dot, 1);
  check("..", dotdot, 1);
  check(". has the directory's inode", dot_ino == fs.ino, 1);
  check("buffer not full means end", used < sizeof buf, 1);

  const int kFiles = 120;
  for (int i = 0; i < kFiles; ++i) {
    char name[32];
    snprintf(name, sizeof name, "file.%d", i);
    __wasi_fd_t f = open_at(fd, name, __WASI_OFLAGS_CREAT, 0, 0, &e);
    if (e) {
      check("create many files", e, 0);
      break;
    }
    __wasi_fd_close(f);
  }
  int total = 0;
  __wasi_dircookie_t cookie = 0;
  for (int rounds = 0; rounds < 1000; ++rounds) {
    n = read_dir(fd, buf, sizeof buf, cookie, &used, &dot, &dotdot, &next, NULL);
    if (n < 0) {
      check("readdir in rounds", -n, 0);
      break;
    }
    total += n;
    if (used < sizeof buf) break;
    cookie = next;
  }
  check("cookies walk every entry once", total, kFiles + 2);
  // A buffer smaller than one entry: filled completely, the guest retries bigger.
  uint8_t tiny[8];
  e = __wasi_fd_readdir(fd, tiny, sizeof tiny, 0, &used);
  check("readdir into a tiny buffer", e, 0);
  check("... fills it", (int)used, (int)sizeof tiny);
  // A cookie past the end: nothing more.
  n = read_dir(fd, buf, sizeof buf, 0, &used, &dot, &dotdot, &next, NULL);
  __wasi_dircookie_t last = 0;
  for (cookie = 0;;) {
    n = read_dir(fd, buf, sizeof buf, cookie, &used, &dot, &dotdot, &last, NULL);
    if (n <= 0 || used < sizeof buf) break;
    cookie = last;
  }
  e = __wasi_fd_readdir(fd, buf, sizeof buf, last, &used);
  check("readdir at the final cookie", e, 0);
  check("... returns nothing", (int)used, 0);
  __wasi_fd_t file = open_at(D, "file", 0, __WASI_RIGHTS_FD_READDIR, 0, &e);
  check("readdir on a file", __wasi_fd_readdir(file, buf, sizeof buf, 0, &used), __WASI_ERRNO_NOTDIR);
  __wasi_fd_close(file);
  for (int i = 0; i < kFiles; ++i) {
    char name[32];
    snprintf(name, sizeof name, "file.%d", i);
    __wasi_path_unlink_file(fd, name);
  }
  __wasi_fd_close(fd);
  check("rmdir rd", __wasi_path_remove_directory(D, "rd"), 0);
}

static void names(void) {
  // rename
  check("mkdir src", __wasi_path_create_directory(D, "src"), 0);
  check("mkdir empty", __wasi_path_create_directory(D, "empty"), 0);
  check("rename dir over an empty dir", __wasi_path_rename(D, "src", D, "empty"), 0);
  check("mkdir src again", __wasi_path_create_directory(D, "src"), 0);
  make_file("empty/inner", "x");
  check("rename dir over a non-empty dir", __wasi_path_rename(D, "src", D, "empty"), __WASI_ERRNO_NOTEMPTY);
  check("rename dir over a file", __wasi_path_rename(D, "src", D, "empty/inner"), __WASI_ERRNO_NOTDIR);
  make_file("f1", "one");
  make_file("f2", "two");
  check("rename file over a file", __wasi_path_rename(D, "f1", D, "f2"), 0);
  check("rename file over a dir", __wasi_path_rename(D, "f2", D, "src"), __WASI_ERRNO_ISDIR);
  check("rename a missing file", __wasi_path_rename(D, "nope", D, "x"), __WASI_ERRNO_NOENT);
  check("rename out of the preopen", __wasi_path_rename(D, "f2", D, "../f2"), __WASI_ERRNO_PERM);

  // unlink / rmdir
  check("unlink a directory", __wasi_path_unlink_file(D, "src"), __WASI_ERRNO_ISDIR);
  check("unlink a directory with a slash", __wasi_path_unlink_file(D, "src/"), __WASI_ERRNO_ISDIR);
  check("unlink file/", __wasi_path_unlink_file(D, "f2/"), __WASI_ERRNO_NOTDIR);
  check("rmdir a non-empty dir", __wasi_path_remove_directory(D, "empty"), __WASI_ERRNO_NOTEMPTY);
  check("rmdir a file", __wasi_path_remove_directory(D, "f2"), __WASI_ERRNO_NOTDIR);
  check("rmdir .", __wasi_path_remove_directory(D, "."), __WASI_ERRNO_INVAL);

  // symlinks
  check("symlink dangling", __wasi_path_symlink("target", D, "dangling"), 0);
  __wasi_errno_t e;
  open_at(D, "dangling", __WASI_OFLAGS_DIRECTORY, 0, 0, &e);
  check_any("open a dangling symlink as a directory", e, __WASI_ERRNO_NOTDIR, __WASI_ERRNO_LOOP);
  open_at(D, "dangling", 0, 0, 0, &e);
  check("open a dangling symlink without follow", e, __WASI_ERRNO_LOOP);
  __wasi_fd_t fd = 0;
  e = __wasi_path_open(D, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dangling", 0, 0, 0, 0, &fd);
  check("follow a dangling symlink", e, __WASI_ERRNO_NOENT);
  check("symlink loop", __wasi_path_symlink("loop", D, "loop"), 0);
  e = __wasi_path_open(D, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "loop", 0, 0, 0, 0, &fd);
  check("follow a symlink loop", e, __WASI_ERRNO_LOOP);
  e = __wasi_path_open(D, 0, "loop/x", 0, 0, 0, 0, &fd);
  check("walk through a symlink loop", e, __WASI_ERRNO_LOOP);
  check("symlink to target/", __wasi_path_symlink("source", D, "target/"), __WASI_ERRNO_NOENT);
  check("symlink over a dir with a slash", __wasi_path_symlink("source", D, "src/"), __WASI_ERRNO_EXIST);
  check("symlink over a dir", __wasi_path_symlink("source", D, "src"), __WASI_ERRNO_EXIST);
  check("symlink over a file with a slash", __wasi_path_symlink("source", D, "f2/"), __WASI_ERRNO_NOTDIR);
  check("symlink over a file", __wasi_path_symlink("source", D, "f2"), __WASI_ERRNO_EXIST);
  check("symlink with an absolute target", __wasi_path_symlink("/etc", D, "abs") != 0, 1);
  check("symlink to f2", __wasi_path_symlink("f2", D, "to_f2"), 0);
  __wasi_filestat_t fs;
  check("filestat nofollow", __wasi_path_filestat_get(D, 0, "to_f2", &fs), 0);
  check("... is the link", fs.filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
  check("filestat follow", __wasi_path_filestat_get(D, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "to_f2", &fs), 0);
  check("... is the file", fs.filetype, __WASI_FILETYPE_REGULAR_FILE);
  check("... of size 3", (int)fs.size, 3);
  check("filestat of a dangling link, follow",
        __wasi_path_filestat_get(D, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dangling", &fs), __WASI_ERRNO_NOENT);
  check("filestat of a missing file", __wasi_path_filestat_get(D, 0, "nope", &fs), __WASI_ERRNO_NOENT);
  char text[64];
  __wasi_size_t used = 0;
  check("readlink", __wasi_path_readlink(D, "to_f2", (uint8_t*)text, sizeof text, &used), 0);
  check("... text", used == 2 && memcmp(text, "f2", 2) == 0, 1);
  check("readlink a file", __wasi_path_readlink(D, "f2", (uint8_t*)text, sizeof text, &used), __WASI_ERRNO_INVAL);

  // hard links
  check("link a file", __wasi_path_link(D, 0, "f2", D, "hard"), 0);
  __wasi_path_filestat_get(D, 0, "hard", &fs);
  check("... nlink 2", (int)fs.nlink, 2);
  check("link onto an existing file", __wasi_path_link(D, 0, "f2", D, "hard"), __WASI_ERRNO_EXIST);
  check("link onto itself", __wasi_path_link(D, 0, "f2", D, "f2"), __WASI_ERRNO_EXIST);
  check("link onto a directory", __wasi_path_link(D, 0, "f2", D, "src"), __WASI_ERRNO_EXIST);
  check_any("link a directory", __wasi_path_link(D, 0, "src", D, "dirlink"), __WASI_ERRNO_PERM, __WASI_ERRNO_ACCES);
  check("link to name/", __wasi_path_link(D, 0, "f2", D, "newlink/"), __WASI_ERRNO_NOENT);
  check("link a dangling symlink", __wasi_path_link(D, 0, "dangling", D, "dl"), 0);
  check("link a symlink loop", __wasi_path_link(D, 0, "loop", D, "ll"), 0);
  check("link onto a dangling symlink", __wasi_path_link(D, 0, "f2", D, "dangling"), __WASI_ERRNO_EXIST);
  check_any("link following a dangling symlink",
            __wasi_path_link(D, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dangling", D, "x"), __WASI_ERRNO_INVAL,
            __WASI_ERRNO_NOENT);
}

static void descriptors(void) {
  __wasi_errno_t e;
  __wasi_fd_t a = open_at(D, "f2", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, &e);
  __wasi_fd_t b = open_at(D, "hard", 0, __WASI_RIGHTS_FD_READ, 0, &e);
  __wasi_fdstat_t sa, sb;
  __wasi_fd_fdstat_get(a, &sa);
  check("renumber", __wasi_fd_renumber(a, b), 0);
  check("... closes the source", __wasi_fd_close(a), __WASI_ERRNO_BADF);
  __wasi_fd_fdstat_get(b, &sb);
  check("... target has the source's rights", sa.fs_rights_base == sb.fs_rights_base, 1);
  check("renumber onto a closed fd", __wasi_fd_renumber(b, 90), __WASI_ERRNO_BADF);
  check("renumber from a closed fd", __wasi_fd_renumber(90, b), __WASI_ERRNO_BADF);
  check("renumber onto itself", __wasi_fd_renumber(b, b), 0);
  check("close", __wasi_fd_close(b), 0);
  check("close twice", __wasi_fd_close(b), __WASI_ERRNO_BADF);

  // Renumbering over the preopen: the new directory takes its number.
  __wasi_fd_t sub = open_at(D, "src", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_FILESTAT_GET, 0, &e);
  __wasi_filestat_t before, after;
  __wasi_fd_filestat_get(sub, &before);
  __wasi_fd_t keep = 0;
  e = __wasi_path_open(D, 0, ".", __WASI_OFLAGS_DIRECTORY, (__wasi_rights_t)-1 & ~__WASI_RIGHTS_FD_WRITE,
                       (__wasi_rights_t)-1, 0, &keep);
  check("reopen the preopen as a plain fd", e, 0);
  __wasi_prestat_t ps;
  check("prestat of a non-preopen directory", __wasi_fd_prestat_get(keep, &ps), __WASI_ERRNO_BADF);
  check("renumber over the preopen", __wasi_fd_renumber(sub, D), 0);
  __wasi_fd_filestat_get(D, &after);
  check("... fd 3 is now the other dir", before.ino == after.ino, 1);
  check("... old number is closed", __wasi_fd_fdstat_get(sub, &(__wasi_fdstat_t){0}), __WASI_ERRNO_BADF);
  check("close the renumbered preopen", __wasi_fd_close(D), 0);
  check("... fd 3 is gone", __wasi_fd_prestat_get(D, &ps), __WASI_ERRNO_BADF);
  check("renumber the copy back to 3", __wasi_fd_renumber(keep, D), __WASI_ERRNO_BADF);
  // fd 3 is closed now; carry on through `keep`.
  __wasi_filestat_t fs;
  check("the copy still works", __wasi_path_filestat_get(keep, 0, "f2", &fs), 0);
  g_dir = keep;
}

static void clocks_random_poll(void) {
  for (int id = 0; id < 4; ++id) {
    __wasi_timestamp_t res = 0, t = 0;
    char what[64];
    snprintf(what, sizeof what, "clock_res_get(%d)", id);
    check(what, __wasi_clock_res_get(id, &res), 0);
    snprintf(what, sizeof what, "clock_res_get(%d) > 0", id);
    check(what, res > 0, 1);
    snprintf(what, sizeof what, "clock_time_get(%d)", id);
    check(what, __wasi_clock_time_get(id, 1, &t), 0);
    snprintf(what, sizeof what, "clock_time_get(%d) > 0", id);
    check(what, t > 0, 1);
  }
  __wasi_timestamp_t t;
  check("clock_res_get(4)", __wasi_clock_res_get(4, &t), __WASI_ERRNO_INVAL);
  check("clock_time_get(4)", __wasi_clock_time_get(4, 0, &t), __WASI_ERRNO_INVAL);
  check("clock_time_get(-1)", __wasi_clock_time_get((__wasi_clockid_t)-1, 0, &t), __WASI_ERRNO_INVAL);

  static uint8_t big[65536];
  check("random_get 0 bytes", __wasi_random_get(big, 0), 0);
  check("random_get 1 byte", __wasi_random_get(big, 1), 0);
  check("random_get 64 KiB", __wasi_random_get(big, sizeof big), 0);
  int nonzero = 0;
  for (size_t i = 0; i < sizeof big; ++i) nonzero += big[i] != 0;
  check("... is not all zero", nonzero > 60000, 1);
  check("sched_yield", __wasi_sched_yield(), 0);

  __wasi_timestamp_t t0, t1;
  __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t0);
  __wasi_subscription_t sub = {0};
  sub.userdata = 0x1234;
  sub.u.tag = __WASI_EVENTTYPE_CLOCK;
  sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  sub.u.u.clock.timeout = 5000000;  // 5 ms relative
  __wasi_event_t ev[2];
  __wasi_size_t nev = 0;
  check("poll relative 5 ms", __wasi_poll_oneoff(&sub, ev, 1, &nev), 0);
  __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t1);
  check("... one event", (int)nev, 1);
  check("... userdata", ev[0].userdata == 0x1234, 1);
  check("... type clock", ev[0].type, __WASI_EVENTTYPE_CLOCK);
  check("... error 0", ev[0].error, 0);
  check("... slept at least 5 ms", t1 - t0 >= 5000000, 1);
  sub.u.u.clock.timeout = t1 + 3000000;
  sub.u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
  check("poll absolute", __wasi_poll_oneoff(&sub, ev, 1, &nev), 0);
  __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t0);
  check("... until the deadline", t0 >= t1 + 3000000, 1);
  sub.u.u.clock.timeout = 1;  // long past
  check("poll absolute in the past", __wasi_poll_oneoff(&sub, ev, 1, &nev), 0);
  check("... fires", (int)nev, 1);
  sub.u.u.clock.flags = 0;
  sub.u.u.clock.id = __WASI_CLOCKID_REALTIME;
  sub.u.u.clock.timeout = 1000;
  check("poll realtime relative", __wasi_poll_oneoff(&sub, ev, 1, &nev), 0);
  sub.u.u.clock.id = 9;
  check("poll bad clock id", __wasi_poll_oneoff(&sub, ev, 1, &nev) == 0 ? ev[0].error : -1, __WASI_ERRNO_INVAL);
  check("poll with no subscriptions", __wasi_poll_oneoff(&sub, ev, 0, &nev), __WASI_ERRNO_INVAL);

  // A regular file is always ready; a clock alongside does not win.
  __wasi_errno_t e;
  __wasi_fd_t f = open_at(g_dir, "f2", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_POLL_FD_READWRITE, 0, &e);
  __wasi_subscription_t subs[2] = {{0}, {0}};
  subs[0].userdata = 1;
  subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[0].u.u.fd_read.file_descriptor = f;
  subs[1].userdata = 2;
  subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[1].u.u.clock.timeout = 2000000000ull;
  __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t0);
  check("poll fd_read on a file", __wasi_poll_oneoff(subs, ev, 2, &nev), 0);
  __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t1);
  check("... returns at once", t1 - t0 < 1000000000ull, 1);
  check("... with the fd event", nev >= 1 && ev[0].userdata == 1 && ev[0].type == __WASI_EVENTTYPE_FD_READ, 1);
  check("... error 0", ev[0].error, 0);
  subs[0].u.u.fd_read.file_descriptor = 99;
  check("poll a closed fd", __wasi_poll_oneoff(subs, ev, 2, &nev), 0);
  check("... reports EBADF in the event", nev >= 1 && ev[0].userdata == 1 ? ev[0].error : -1, __WASI_ERRNO_BADF);
  __wasi_fd_close(f);
}

// Hostile pointers and lengths: every one must come back as an errno, never a crash.
static void hostile(void) {
  const int32_t end = (int32_t)(__builtin_wasm_memory_size(0) * 65536u);
  int32_t nout = 0;
  check("fd_write iovs past memory", raw_fd_write(1, end - 4, 1, (int32_t)(uintptr_t)&nout), __WASI_ERRNO_FAULT);
  check("fd_write 2^28 iovecs", raw_fd_write(1, 16, 0x10000000, (int32_t)(uintptr_t)&nout), __WASI_ERRNO_FAULT);
  check("fd_write 2^31 iovecs", raw_fd_write(1, 16, (int32_t)0x80000000u, (int32_t)(uintptr_t)&nout),
        __WASI_ERRNO_FAULT);
  static __wasi_ciovec_t iov[2];
  iov[0].buf = (const uint8_t*)(uintptr_t)(end - 2);
  iov[0].buf_len = 100;
  check("fd_write buffer running off memory", raw_fd_write(1, (int32_t)(uintptr_t)iov, 1, (int32_t)(uintptr_t)&nout),
        __WASI_ERRNO_FAULT);
  iov[0].buf = (const uint8_t*)(uintptr_t)0xfffffff0u;
  iov[0].buf_len = 0x20;
  check("fd_write buffer wrapping 2^32", raw_fd_write(1, (int32_t)(uintptr_t)iov, 1, (int32_t)(uintptr_t)&nout),
        __WASI_ERRNO_FAULT);
  iov[0].buf = (const uint8_t*)"";
  iov[0].buf_len = 0;
  check("fd_write nwritten past memory", raw_fd_write(1, (int32_t)(uintptr_t)iov, 1, end), __WASI_ERRNO_FAULT);
  static uint8_t data[8];
  static __wasi_iovec_t riov[2] = {{data, 8}, {data, 8}};  // overlapping
  __wasi_errno_t e;
  __wasi_fd_t f = open_at(g_dir, "f2", 0, __WASI_RIGHTS_FD_READ, 0, &e);
  if (e) f = 0;
  int32_t r = raw_fd_read(f, (int32_t)(uintptr_t)riov, 2, (int32_t)(uintptr_t)&nout);
  check("fd_read into overlapping buffers", r, 0);
  check("random_get past memory", raw_random_get(end - 4, 8), __WASI_ERRNO_FAULT);
  check("random_get wrapping", raw_random_get((int32_t)0xfffffff0u, 0x20), __WASI_ERRNO_FAULT);
  check("args_get argv past memory", raw_args_get(end, 0), __WASI_ERRNO_FAULT);
  check("path_open path past memory", raw_path_open(g_dir, 0, end - 1, 16, 0, 0, 0, 0, 16), __WASI_ERRNO_FAULT);
  check("path_open 4 GiB path", raw_path_open(g_dir, 0, 16, -1, 0, 0, 0, 0, 16), __WASI_ERRNO_FAULT);
  check("poll_oneoff 2^27 subscriptions", raw_poll_oneoff(16, 16, 0x8000000, 16), __WASI_ERRNO_FAULT);
  check("fd_readdir buffer past memory", raw_fd_readdir(g_dir, end - 4, 64, 0, 16), __WASI_ERRNO_FAULT);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);  // a crash must not swallow the lines before it
  preopens_and_rights();
  path_open_flags();
  seeking();
  readdir_checks();
  names();
  descriptors();
  clocks_random_poll();
  hostile();
  printf("%d failures\n", failures);
  return failures;
}
