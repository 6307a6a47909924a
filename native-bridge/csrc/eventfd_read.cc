// Recognising and draining eventfds (see eventfd_read.h). No V8 here.
#include "eventfd_read.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

namespace rs {

bool IsEventfd(int fd) {
  char path[64], target[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(path, target, sizeof target - 1);
  if (n < 0) return false;
  target[n] = 0;
  return strcmp(target, "anon_inode:[eventfd]") == 0;
}

int DrainEventfd(int fd, uint64_t* v) {
  for (;;) {
    ssize_t r = read(fd, v, sizeof *v);
    if (r == sizeof *v) return 1;
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && errno == EAGAIN) return 0;
    return r < 0 ? -errno : -EIO;
  }
}

}  // namespace rs
