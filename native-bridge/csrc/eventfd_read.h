// Recognising and draining eventfds, shared by the EpollWatcher thread (epoll_watcher.cc) and the
// blocking wait (bind_epoll_wait.cc): both report an eventfd's counter instead of a bare "ready".
#pragma once

#include <cstdint>

namespace rs {

// Whether fd is an eventfd (by its /proc/self/fd link).
bool IsEventfd(int fd);
// Drain an eventfd that epoll said was readable. 1 with *v, 0 if someone else drained it, -errno.
int DrainEventfd(int fd, uint64_t* v);

}  // namespace rs
