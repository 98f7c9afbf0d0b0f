/*
 * A fault injector for one file, loaded with LD_PRELOAD (see io-error-fault.test.ts): while the
 * file named by NEXUS_EIO_TRIGGER exists, every write or sync of a file whose path starts with
 * NEXUS_EIO_FILE (the database and its -wal, -shm and -journal companions) fails with EIO, as on
 * a failing disk, without touching the file. Anything else, and everything once the trigger file
 * is gone, goes to the C library as usual. Each refused call is recorded as a line
 * "<call> <path>" in the file named by NEXUS_EIO_LOG, if set.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

static void record(const char *call, const char *path) {
  const char *log = getenv("NEXUS_EIO_LOG");
  if (log == NULL) return;
  int fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0600);
  if (fd < 0) return;
  char line[4200];
  int length = snprintf(line, sizeof line, "%s %s\n", call, path);
  if (length > 0) NEXT(write)(fd, line, (size_t)length);
  close(fd);
}

static int failing(int fd, const char *call) {
  const char *file = getenv("NEXUS_EIO_FILE");
  const char *trigger = getenv("NEXUS_EIO_TRIGGER");
  if (file == NULL || trigger == NULL || access(trigger, F_OK) != 0) return 0;
  char link[64];
  char path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t length = readlink(link, path, sizeof path - 1);
  if (length <= 0) return 0;
  path[length] = '\0';
  if (strncmp(path, file, strlen(file)) != 0) return 0;
  record(call, path);
  return 1;
}

ssize_t write(int fd, const void *buffer, size_t count) {
  if (failing(fd, "write")) return errno = EIO, -1;
  return NEXT(write)(fd, buffer, count);
}

ssize_t pwrite(int fd, const void *buffer, size_t count, off_t offset) {
  if (failing(fd, "pwrite")) return errno = EIO, -1;
  return NEXT(pwrite)(fd, buffer, count, offset);
}

ssize_t pwrite64(int fd, const void *buffer, size_t count, off64_t offset) {
  if (failing(fd, "pwrite64")) return errno = EIO, -1;
  return NEXT(pwrite64)(fd, buffer, count, offset);
}

ssize_t writev(int fd, const struct iovec *vectors, int count) {
  if (failing(fd, "writev")) return errno = EIO, -1;
  return NEXT(writev)(fd, vectors, count);
}

ssize_t pwritev(int fd, const struct iovec *vectors, int count, off_t offset) {
  if (failing(fd, "pwritev")) return errno = EIO, -1;
  return NEXT(pwritev)(fd, vectors, count, offset);
}

int fsync(int fd) {
  if (failing(fd, "fsync")) return errno = EIO, -1;
  return NEXT(fsync)(fd);
}

int fdatasync(int fd) {
  if (failing(fd, "fdatasync")) return errno = EIO, -1;
  return NEXT(fdatasync)(fd);
}
